#include "app/headless/dryrunsink.h"

#include <QTimer>

void DryRunSink::apply(const QString &marker, const HostEntries &entries)
{
    SinkReport report{
        SinkReport::Operation::Apply, marker, SinkReport::Failure::None, {}, entries, {}};
    QTimer::singleShot(0, this, [this, report] { Q_EMIT finished(report); });
}

void DryRunSink::clear(const QString &marker)
{
    SinkReport report{SinkReport::Operation::Clear, marker, SinkReport::Failure::None, {}, {}, {}};
    QTimer::singleShot(0, this, [this, report] { Q_EMIT finished(report); });
}

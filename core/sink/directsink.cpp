#include "core/sink/directsink.h"

#include <QTimer>

DirectSink::DirectSink(const QString &hostsFile, EntryValidator validator, QObject *parent)
    : HostsSink(parent)
    , m_file(hostsFile)
    , m_validator(std::move(validator))
{}

void DirectSink::apply(const QString &marker, const HostEntries &entries)
{
    m_queue.enqueue({SinkReport::Operation::Apply, marker, entries});
    if (m_queue.size() == 1)
        QTimer::singleShot(0, this, &DirectSink::runNext); // answer after the caller returns
}

void DirectSink::clear(const QString &marker)
{
    m_queue.enqueue({SinkReport::Operation::Clear, marker, {}});
    if (m_queue.size() == 1)
        QTimer::singleShot(0, this, &DirectSink::runNext);
}

void DirectSink::runNext()
{
    if (m_queue.isEmpty())
        return;
    const Request request = m_queue.head();
    const HostsFile::Result result =
        request.operation == SinkReport::Operation::Apply
            ? m_file.apply(request.marker, request.entries, m_validator,
                           HostsFile::Rejections::Skip, m_accepted)
            : m_file.clear(request.marker);
    if (request.operation == SinkReport::Operation::Apply && result.ok)
        m_accepted = result.current;
    SinkReport report;
    report.operation = request.operation;
    report.marker = request.marker;
    report.current = result.current;
    report.rejected = result.rejected;
    if (!result.ok) {
        report.failure = SinkReport::Failure::Failed;
        report.error = result.error;
        report.permanent = result.permanent;
    }
    m_queue.dequeue();
    if (!m_queue.isEmpty())
        QTimer::singleShot(0, this, &DirectSink::runNext);
    Q_EMIT finished(report);
}

#include "core/sink/dryrunpublisher.h"

#include <QTimer>

DryRunPublisher::DryRunPublisher(Publisher *standIn, QObject *parent)
    : Publisher(parent)
    , m_standIn(standIn)
{
    m_standIn->setParent(this);
}

void DryRunPublisher::publish(const HostEntries &)
{
    answer(PublishResult::Operation::Publish);
}

void DryRunPublisher::withdraw()
{
    answer(PublishResult::Operation::Withdraw);
}

void DryRunPublisher::answer(PublishResult::Operation operation)
{
    PublishResult result;
    result.operation = operation; // held stays unknown: nothing changed
    QTimer::singleShot(0, this, [this, result] { Q_EMIT finished(result); });
}

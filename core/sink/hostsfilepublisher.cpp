#include "core/sink/hostsfilepublisher.h"

#include "core/hosts/hostsfile.h"
#include "core/sink/hostssink.h"

HostsFilePublisher::HostsFilePublisher(HostsSink *sink, QString hostsFile, QString marker,
                                       QObject *parent)
    : Publisher(parent)
    , m_sink(sink)
    , m_hostsFile(std::move(hostsFile))
    , m_marker(std::move(marker))
{
    m_sink->setParent(this);
    connect(m_sink, &HostsSink::finished, this, &HostsFilePublisher::onSinkFinished);
}

QString HostsFilePublisher::target() const
{
    return QStringLiteral("%1 (block %2)").arg(m_hostsFile, m_marker);
}

std::optional<HostEntries> HostsFilePublisher::readHeld(QString *error) const
{
    return HostsFile(m_hostsFile).entries(m_marker, error);
}

void HostsFilePublisher::publish(const HostEntries &entries)
{
    m_sink->apply(m_marker, entries);
}

void HostsFilePublisher::withdraw()
{
    m_sink->clear(m_marker);
}

void HostsFilePublisher::setPolicy(const NamePolicy &policy)
{
    m_sink->setPolicy(policy);
}

void HostsFilePublisher::onSinkFinished(const SinkReport &report)
{
    PublishResult result;
    result.operation = report.operation == SinkReport::Operation::Apply
                           ? PublishResult::Operation::Publish
                           : PublishResult::Operation::Withdraw;
    result.error = report.error;
    result.permanent = report.permanent;
    result.refused = report.rejected;
    if (report.ok())
        result.held = report.current;
    Q_EMIT finished(result);
}

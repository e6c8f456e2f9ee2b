#pragma once

#include "core/sink/publisher.h"

class HostsSink;
struct SinkReport;

// Our block of a hosts file as a publisher: writes go through a HostsSink (this process,
// or the privileged helper), and what the block holds at start is read from the file
// itself, which anyone may read — so adopting it needs no password prompt.
class HostsFilePublisher : public Publisher
{
    Q_OBJECT

public:
    // Takes ownership of the sink.
    HostsFilePublisher(HostsSink *sink, QString hostsFile, QString marker,
                       QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("hosts file"); }
    QString target() const override;
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;
    void setPolicy(const NamePolicy &policy) override;

    HostsSink *sink() const { return m_sink; }
    QString hostsFile() const { return m_hostsFile; }
    QString marker() const { return m_marker; }

private:
    void onSinkFinished(const SinkReport &report);

    HostsSink *m_sink;
    QString m_hostsFile;
    QString m_marker;
};

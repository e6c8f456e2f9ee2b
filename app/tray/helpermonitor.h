#pragma once

#include <QDBusConnection>
#include <QObject>

class HostsSink;
struct SinkReport;

// What the status bar says about the privileged helper: whether the system bus can start
// it (installed) and whether our last request was allowed (authorized). Asks the bus
// asynchronously; never starts the helper just to look.
class HelperMonitor : public QObject
{
    Q_OBJECT
public:
    enum class Installed
    {
        Unknown,
        Yes,
        No
    };
    enum class Authorized
    {
        Unknown, // nothing written yet
        Yes,
        No
    };

    HelperMonitor(const QDBusConnection &bus, HostsSink *sink, QObject *parent = nullptr);

    void probe();
    Installed installed() const { return m_installed; }
    Authorized authorized() const { return m_authorized; }
    QString text() const;
    QString toolTip() const;

Q_SIGNALS:
    void changed();

private:
    void onReport(const SinkReport &report);

    QDBusConnection m_bus;
    Installed m_installed = Installed::Unknown;
    Authorized m_authorized = Authorized::Unknown;
    QString m_lastError;
};

#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

// Short questions the installers ask the installed helper over XPC: its version (is it the
// one this app ships?) and, for an SMJobBless install, to delete its own files. The helper
// must satisfy SigningIdentity::helperRequirement. One question at a time; each is answered
// by one signal, never from inside the call.
class HelperClient : public QObject
{
    Q_OBJECT

public:
    explicit HelperClient(QObject *parent = nullptr);
    ~HelperClient() override;

    void askVersion();
    void askUninstall();

    static constexpr int timeoutMs = 10 * 1000;

Q_SIGNALS:
    void versionAnswered(const std::optional<QString> &version); // nothing: no answer
    void uninstallAnswered(bool ok, const QString &error);

private:
    struct Connection;
    void open();
    void close();

    std::unique_ptr<Connection> m_connection;
    QTimer m_timeout;
    quint64 m_question = 0;
};

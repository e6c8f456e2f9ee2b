#pragma once

#include "core/config/clusterconfig.h"
#include "core/config/execconfig.h"
#include "core/kube/credentials.h"

#include <QObject>
#include <QProcess>
#include <QTimer>

// Runs one credential plugin once, asynchronously: the process environment plus exec.env
// plus KUBERNETES_EXEC_INFO (spec.interactive false, spec.cluster when provideClusterInfo),
// no stdin (a GUI has no terminal), stdout parsed as an ExecCredential, killed at the
// timeout. Emits exactly one of succeeded() or failed().
class ExecPluginRunner : public QObject
{
    Q_OBJECT

public:
    ExecPluginRunner(const QString &program, const ExecConfig &exec, const ClusterConfig &cluster,
                     QObject *parent = nullptr);
    ~ExecPluginRunner() override;

    void setEnvironment(const QProcessEnvironment &env) { m_env = env; }
    void setTimeout(int milliseconds) { m_timeout.setInterval(milliseconds); }
    void start();

    // The KUBERNETES_EXEC_INFO value for this plugin (compact JSON).
    static QByteArray execInfo(const ExecConfig &exec, const ClusterConfig &cluster);

Q_SIGNALS:
    void succeeded(const Credentials &credentials);
    void failed(const QString &error);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void abort(const QString &error);
    void fail(const QString &error);
    QString stderrTail() const;

    QString m_program;
    ExecConfig m_exec;
    ClusterConfig m_cluster;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QProcess m_process;
    QTimer m_timeout;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QString m_abortError;
    bool m_done = false;
};

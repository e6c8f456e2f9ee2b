#include "tests/support/kubectlprocess.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

KubectlProcess::KubectlProcess(const QString &kubeconfig, const QString &home, QObject *parent)
    : QObject(parent)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto name : {u"HTTP_PROXY", u"HTTPS_PROXY", u"NO_PROXY", u"http_proxy",
                            u"https_proxy", u"no_proxy", u"KUBERC"}) {
        environment.remove(QString::fromUtf16(name));
    }
    environment.insert(u"HOME"_s, home);
    environment.insert(u"KUBECONFIG"_s, kubeconfig);
    environment.insert(u"KUBECACHEDIR"_s, QDir(home).filePath(u"kube-cache"_s));
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(home);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray bytes = m_process.readAllStandardOutput();
        m_stdout += bytes;
        Q_EMIT outputArrived(bytes);
    });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process.readAllStandardError(); });
    connect(&m_process, &QProcess::finished, this, [this] {
        m_stdout += m_process.readAllStandardOutput();
        m_stderr += m_process.readAllStandardError();
        m_finished = true;
        Q_EMIT finished();
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_stderr += "kubectl failed to start: " + m_process.errorString().toUtf8();
        m_finished = true;
        Q_EMIT finished();
    });
}

KubectlProcess::~KubectlProcess()
{
    // Only our own child, by its PID (QProcess kills it and reaps it).
    if (isRunning())
        m_process.kill();
}

QString KubectlProcess::program()
{
    const QString configured = qEnvironmentVariable("K8S_HOSTS_KUBECTL");
    if (!configured.isEmpty())
        return configured;
    return QStandardPaths::findExecutable(u"kubectl"_s);
}

void KubectlProcess::start(const QStringList &arguments)
{
    m_stdout.clear();
    m_stderr.clear();
    m_finished = false;
    m_process.start(program(), arguments);
}

void KubectlProcess::stop()
{
    if (isRunning())
        m_process.terminate();
}

QString KubectlProcess::commandLine() const
{
    return (QStringList{u"kubectl"_s} + m_process.arguments()).join(u' ');
}

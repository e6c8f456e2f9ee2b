#include "app/demo/democluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <unistd.h>

DemoCluster::DemoCluster(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QProcess::readyReadStandardOutput, this, [this] {
        m_output += m_server.readAllStandardOutput();
        if (const qsizetype end = m_output.indexOf('\n'); end >= 0 && !m_output.isEmpty()) {
            const QString url = QString::fromUtf8(m_output.left(end)).trimmed();
            m_output.clear();
            disconnect(&m_server, &QProcess::readyReadStandardOutput, this, nullptr);
            Q_EMIT ready(url);
        }
    });
    connect(&m_server, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(QStringLiteral("cannot start the demo cluster (%1): %2")
                              .arg(m_server.program(), m_server.errorString()));
    });
    connect(&m_server, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        Q_EMIT failed(status == QProcess::CrashExit
                          ? QStringLiteral("the demo cluster (%1) stopped: %2")
                                .arg(m_server.program(), m_server.errorString())
                          : QStringLiteral("the demo cluster (%1) exited with code %2")
                                .arg(m_server.program())
                                .arg(code));
    });
    // A session of its own: Ctrl-C in the terminal is for k8s-hosts, which stops the
    // cluster after removing its entries, not for the cluster first.
    m_server.setChildProcessModifier([] { ::setsid(); });
}

DemoCluster::~DemoCluster()
{
    disconnect(&m_server, nullptr, this, nullptr);
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        m_server.waitForFinished(2000); // a child of ours on loopback: it stops at once
    }
}

QString DemoCluster::hostsFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/k8s-hosts/demo-hosts");
}

QString DemoCluster::serverProgram()
{
    const QString here = QCoreApplication::applicationDirPath();
    for (const QString &candidate :
         {here + QStringLiteral("/k8s-hosts-fake-apiserver"),
          here + QStringLiteral("/../tests/support/k8s-hosts-fake-apiserver"),
          here + QStringLiteral("/../libexec/k8s-hosts/k8s-hosts-fake-apiserver")}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("k8s-hosts-fake-apiserver"));
}

void DemoCluster::start()
{
    const QString program = serverProgram();
    if (program.isEmpty() || !m_dir.isValid()) {
        Q_EMIT failed(
            QStringLiteral("the demo needs k8s-hosts-fake-apiserver next to k8s-hosts "
                           "(it is built with the tests: cmake --build --preset release)"));
        return;
    }
    QDir().mkpath(QFileInfo(hostsFilePath()).absolutePath());
    if (!QFile::exists(hostsFilePath())) {
        QFile seed(hostsFilePath());
        if (seed.open(QIODevice::WriteOnly))
            seed.write("# A demo hosts file: k8s-hosts --demo keeps its block below in sync.\n"
                       "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    }
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(program,
                   {QStringLiteral("--namespaces"), QStringLiteral("3"),
                    QStringLiteral("--ingresses"), QStringLiteral("3"),
                    QStringLiteral("--services"), QStringLiteral("1"), QStringLiteral("--routes"),
                    QStringLiteral("1"), QStringLiteral("--churn"), QStringLiteral("0.5"),
                    QStringLiteral("--kubeconfig"), kubeconfigPath()});
}

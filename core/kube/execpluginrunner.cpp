#include "core/kube/execpluginrunner.h"

#include "core/kube/execcredentialparser.h"
#include "core/kube/kubelogging.h"
#include "core/log/logevent.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr qsizetype maxOutput = 1024 * 1024;
}

ExecPluginRunner::ExecPluginRunner(const QString &program, const ExecConfig &exec,
                                   const ClusterConfig &cluster, QObject *parent)
    : QObject(parent)
    , m_program(program)
    , m_exec(exec)
    , m_cluster(cluster)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(60000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        abort(QStringLiteral("did not finish within %1 s; if it waits for a login, log in with "
                             "it in a terminal first")
                  .arg(m_timeout.interval() / 1000.0));
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray chunk = m_process.readAllStandardOutput();
        if (!m_abortError.isEmpty())
            return;
        m_stdout += chunk;
        if (m_stdout.size() > maxOutput)
            abort(QStringLiteral("printed more than 1 MiB; that is not an ExecCredential"));
    });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr = (m_stderr + m_process.readAllStandardError()).right(4096); });
    connect(&m_process, &QProcess::finished, this, &ExecPluginRunner::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(QStringLiteral("could not be started (%1); check that %2 is an executable")
                     .arg(m_process.errorString(), m_program));
    });
}

QByteArray ExecPluginRunner::execInfo(const ExecConfig &exec, const ClusterConfig &cluster)
{
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (exec.provideClusterInfo) {
        QJsonObject c{{QStringLiteral("server"), cluster.server}};
        if (!cluster.tlsServerName.isEmpty())
            c.insert(QStringLiteral("tls-server-name"), cluster.tlsServerName);
        if (cluster.insecureSkipTlsVerify)
            c.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!cluster.certificateAuthorityData.isEmpty())
            c.insert(QStringLiteral("certificate-authority-data"),
                     QString::fromLatin1(cluster.certificateAuthorityData.toBase64()));
        if (!cluster.proxyUrl.isEmpty())
            c.insert(QStringLiteral("proxy-url"), cluster.proxyUrl);
        if (cluster.disableCompression)
            c.insert(QStringLiteral("disable-compression"), true);
        if (!cluster.execExtension.isUndefined() && !cluster.execExtension.isNull())
            c.insert(QStringLiteral("config"), cluster.execExtension);
        spec.insert(QStringLiteral("cluster"), c);
    }
    const QJsonObject info{{QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("apiVersion"), exec.apiVersion},
                           {QStringLiteral("spec"), spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

ExecPluginRunner::~ExecPluginRunner()
{
    // QProcess kills a still running plugin when destroyed; none of our slots may run then.
    disconnect(&m_process, nullptr, this, nullptr);
}

void ExecPluginRunner::abort(const QString &error)
{
    if (m_done || !m_abortError.isEmpty())
        return;
    // Reported once the process is gone (finished() follows the kill), so no plugin outlives
    // its runner.
    m_abortError = error;
    m_timeout.stop();
    m_process.kill();
}

void ExecPluginRunner::start()
{
    QProcessEnvironment env = m_env;
    for (const auto &[name, value] : std::as_const(m_exec.env))
        env.insert(name, value);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
               QString::fromUtf8(execInfo(m_exec, m_cluster)));
    m_process.setProcessEnvironment(env);
    m_process.setStandardInputFile(QProcess::nullDevice());
    qCDebug(lcKube) << "running credential plugin" << m_program;
    m_timeout.start();
    m_process.start(m_program, m_exec.args);
}

QString ExecPluginRunner::stderrTail() const
{
    // The plugin's own complaint, which kubectl shows too; its last line is usually the why.
    const QList<QByteArray> lines = m_stderr.trimmed().split('\n');
    const QString last = QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.last()).trimmed();
    return last.isEmpty() ? QString()
                          : QStringLiteral(" (it said: %1)").arg(untrusted(last.left(200)));
}

void ExecPluginRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    if (!m_abortError.isEmpty()) {
        fail(m_abortError);
        return;
    }
    m_stdout += m_process.readAllStandardOutput();
    m_stderr = (m_stderr + m_process.readAllStandardError()).right(4096);
    if (status != QProcess::NormalExit) {
        fail(QStringLiteral("crashed") + stderrTail());
        return;
    }
    if (exitCode != 0) {
        fail(QStringLiteral("failed with exit code %1%2").arg(exitCode).arg(stderrTail()));
        return;
    }
    Credentials credentials;
    QString error;
    if (!ExecCredentialParser::parse(m_stdout, m_exec.apiVersion, &credentials, &error)) {
        fail(error);
        return;
    }
    m_done = true;
    m_timeout.stop();
    Q_EMIT succeeded(credentials);
}

void ExecPluginRunner::fail(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    Q_EMIT failed(error);
}

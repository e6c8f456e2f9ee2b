#include "core/kube/loginshellpath.h"

#include "core/kube/kubelogging.h"

#include <QDir>

namespace {
// Profiles may print banners: the PATH is taken from between these markers only.
constexpr char begin[] = "__K8S_HOSTS_PATH_BEGIN__";
constexpr char end[] = "__K8S_HOSTS_PATH_END__";
} // namespace

LoginShellPath::LoginShellPath(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(5000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        qCWarning(lcKube) << "the login shell did not print its PATH within"
                          << m_timeout.interval() / 1000.0 << "s; using the default folders";
        // finished() follows the kill and answers with nothing.
        m_timedOut = true;
        m_process.kill();
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_output += m_process.readAllStandardOutput().left(256 * 1024); });
    connect(&m_process, &QProcess::finished, this, [this] {
        m_output += m_process.readAllStandardOutput();
        if (m_timedOut) {
            done({});
            return;
        }
        const qsizetype from = m_output.indexOf(begin);
        const qsizetype to = m_output.indexOf(end);
        QStringList directories;
        if (from >= 0 && to > from) {
            const QString path = QString::fromLocal8Bit(m_output.mid(
                from + qsizetype(sizeof begin) - 1, to - from - qsizetype(sizeof begin) + 1));
            directories = path.split(QDir::listSeparator(), Qt::SkipEmptyParts);
        }
        done(directories);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            done({});
    });
}

LoginShellPath::~LoginShellPath()
{
    disconnect(&m_process, nullptr, this, nullptr);
}

void LoginShellPath::forget()
{
    s_known = false;
    s_directories.clear();
}

void LoginShellPath::start()
{
    if (s_known) {
        QMetaObject::invokeMethod(
            this, [this] { done(s_directories); }, Qt::QueuedConnection);
        return;
    }
    QString shell = m_env.value(QStringLiteral("SHELL"));
    if (shell.isEmpty())
        shell = QStringLiteral("/bin/sh");
    m_process.setProcessEnvironment(m_env);
    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(shell, {QStringLiteral("-l"), QStringLiteral("-c"),
                            QStringLiteral("printf '%1%s%2' \"$PATH\"")
                                .arg(QLatin1StringView(begin), QLatin1StringView(end))});
    m_timeout.start();
}

void LoginShellPath::done(const QStringList &directories)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    s_known = true;
    s_directories = directories;
    Q_EMIT finished(directories);
}

#include "tests/dns/dnsserverfixture.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>
#include <QUdpSocket>

#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr uid_t nobody = 65534;

bool writeFile(const QString &path, const QByteArray &text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.close();
    return ::chown(QFile::encodeName(path).constData(), nobody, nobody) == 0 || ::geteuid() != 0;
}

// A port free for both TCP and UDP on 127.0.0.1 right now.
quint16 freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto port = quint16(QRandomGenerator::global()->bounded(20000, 60000));
        QTcpServer tcp;
        QUdpSocket udp;
        if (tcp.listen(QHostAddress::LocalHost, port) && udp.bind(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

QString run(const QString &program, const QStringList &arguments, const QByteArray &input = {},
            int *exitCode = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!input.isEmpty()) {
        p.write(input);
        p.closeWriteChannel();
    }
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAll());
}

} // namespace

DnsServerFixture::DnsServerFixture(Kind kind, Options options)
    : m_kind(kind)
    , m_options(std::move(options))
{
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
    if (::geteuid() == 0 &&
        ::chown(QFile::encodeName(m_dir.path()).constData(), nobody, nobody) != 0)
        qWarning("cannot give %s to nobody", qPrintable(m_dir.path()));
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(secret.data()), 8);
    m_key = {QStringLiteral("app-key"), QStringLiteral("hmac-sha256"), secret.toBase64()};
}

DnsServerFixture::~DnsServerFixture()
{
    stop();
}

QString DnsServerFixture::keyFile() const
{
    return m_dir.filePath(QStringLiteral("app-key.conf"));
}

QString DnsServerFixture::server() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_port);
}

QString DnsServerFixture::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("server.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool DnsServerFixture::start(QString *error)
{
    const QString program = m_kind == Kind::Bind ? QStringLiteral("/usr/sbin/named")
                                                 : QStringLiteral("/usr/sbin/knotd");
    if (!QFile::exists(program)) {
        *error =
            QStringLiteral("%1 is not installed (scripts/install-deps installs it)").arg(program);
        return false;
    }
    m_port = freePort();
    const QByteArray keyBlock =
        QStringLiteral("key \"%1\" {\n\talgorithm %2;\n\tsecret \"%3\";\n};\n")
            .arg(m_key.name, m_key.algorithm, QString::fromLatin1(m_key.secret))
            .toUtf8();
    const QByteArray zoneFile =
        QStringLiteral("$TTL 300\n@ IN SOA ns.%1. admin.%1. 1 3600 600 86400 60\n@ IN NS ns.%1.\n"
                       "ns IN A 127.0.0.1\n")
            .arg(m_options.zone)
            .toUtf8();
    if (!writeFile(keyFile(), keyBlock, error) ||
        !writeFile(m_dir.filePath(m_options.zone + QStringLiteral(".zone")), zoneFile, error) ||
        !(m_kind == Kind::Bind ? writeBind(error) : writeKnot(error)))
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setStandardOutputFile(m_dir.filePath(QStringLiteral("server.log")));
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir.path());
    QStringList arguments = {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                             QStringLiteral("--clear-groups"), program};
    if (m_kind == Kind::Bind)
        arguments << QStringLiteral("-g") << QStringLiteral("-n") << QStringLiteral("1")
                  << QStringLiteral("-c") << m_dir.filePath(QStringLiteral("named.conf"));
    else
        arguments << QStringLiteral("-c") << m_dir.filePath(QStringLiteral("knot.conf"));
    if (::geteuid() == 0) {
        m_process->start(QStringLiteral("setpriv"), arguments);
    } else {
        m_process->start(program, arguments.mid(4));
    }
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("%1 did not start: %2").arg(program, m_process->errorString());
        return false;
    }
    return waitUntilServing(error);
}

bool DnsServerFixture::writeBind(QString *error)
{
    const QString dir = m_dir.path();
    const QString conf =
        QStringLiteral(
            "include \"%1\";\n"
            "options { directory \"%2\"; pid-file \"%2/named.pid\"; session-keyfile "
            "\"%2/session.key\"; listen-on port %3 { 127.0.0.1; }; listen-on-v6 { none; }; "
            "recursion no; dnssec-validation no; };\n"
            "controls { };\n"
            "zone \"%4\" { type primary; file \"%2/%4.zone\"; update-policy { grant %5 zonesub "
            "ANY; }; allow-transfer { %6; }; };\n")
            .arg(keyFile(), dir)
            .arg(m_port)
            .arg(m_options.zone, m_key.name,
                 m_options.allowTransfer ? QStringLiteral("key ") + m_key.name
                                         : QStringLiteral("none"));
    return writeFile(m_dir.filePath(QStringLiteral("named.conf")), conf.toUtf8(), error);
}

bool DnsServerFixture::writeKnot(QString *error)
{
    const QString dir = m_dir.path();
    const QString conf =
        QStringLiteral("server:\n  rundir: \"%1\"\n  listen: 127.0.0.1@%2\n"
                       "database:\n  storage: \"%1\"\n"
                       "key:\n  - id: %3\n    algorithm: %4\n    secret: %5\n"
                       "acl:\n  - id: app-acl\n    key: %3\n    action: [%6]\n"
                       "template:\n  - id: default\n    storage: \"%1\"\n    file: \"%s.zone\"\n"
                       "    zonefile-sync: -1\n    zonefile-load: difference-no-serial\n"
                       "    journal-content: all\n"
                       "zone:\n  - domain: %7\n    acl: app-acl\n")
            .arg(dir)
            .arg(m_port)
            .arg(m_key.name, m_key.algorithm, QString::fromLatin1(m_key.secret),
                 m_options.allowTransfer ? QStringLiteral("update, transfer")
                                         : QStringLiteral("update"),
                 m_options.zone);
    return writeFile(m_dir.filePath(QStringLiteral("knot.conf")), conf.toUtf8(), error);
}

bool DnsServerFixture::waitUntilServing(QString *error) const
{
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            *error = QStringLiteral("%1 exited: %2").arg(name(), log());
            return false;
        }
        if (!lookup(m_options.zone, QStringLiteral("SOA")).isEmpty())
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("%1 did not answer on port %2: %3").arg(name()).arg(m_port).arg(log());
    return false;
}

void DnsServerFixture::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate(); // our own child, by its PID
    if (!m_process->waitForFinished(10000))
        m_process->kill();
    m_process->waitForFinished(5000);
}

QStringList DnsServerFixture::lookup(const QString &name, const QString &type) const
{
    QStringList values = run(QStringLiteral("dig"),
                             {QStringLiteral("@127.0.0.1"), QStringLiteral("-p"),
                              QString::number(m_port), QStringLiteral("+short"),
                              QStringLiteral("+tries=1"), QStringLiteral("+time=2"), name, type})
                             .split(u'\n', Qt::SkipEmptyParts);
    values.removeIf([](const QString &line) { return line.startsWith(u';'); });
    values.sort();
    return values;
}

bool DnsServerFixture::nsupdate(const QStringList &commands, QString *error) const
{
    const QString script = QStringLiteral("server 127.0.0.1 %1\nzone %2\n%3\nsend\n")
                               .arg(m_port)
                               .arg(m_options.zone, commands.join(u'\n'));
    int code = 0;
    const QString out = run(QStringLiteral("nsupdate"),
                            {QStringLiteral("-y"), QStringLiteral("%1:%2:%3")
                                                       .arg(m_key.algorithm, m_key.name,
                                                            QString::fromLatin1(m_key.secret))},
                            script.toUtf8(), &code);
    if (code != 0)
        *error = out;
    return code == 0;
}

#include "core/kube/credentialprovider.h"

#include "core/kube/clientidentity.h"
#include "core/kube/execpluginrunner.h"
#include "core/kube/kubelogging.h"
#include "core/kube/loginshellpath.h"
#include "core/kube/secretstore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray readTokenFile(const QString &path, QString *error)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the token file %1 cannot be read (%2); fix tokenFile or the "
                                "file's permissions")
                     .arg(path, file.errorString());
        return QByteArray();
    }
    const QByteArray token = file.read(64 * 1024).trimmed();
    if (token.isEmpty())
        *error = QStringLiteral("the token file %1 is empty; fix tokenFile").arg(path);
    return token;
}

} // namespace

CredentialProvider::CredentialProvider(const ContextConfig &context, SecretStore *store,
                                       QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_store(store)
    , m_locator(CommandLocator::fromEnvironment(m_env))
{}

CredentialProvider::~CredentialProvider() = default;

void CredentialProvider::setEnvironment(const QProcessEnvironment &env)
{
    m_env = env;
    m_locator = CommandLocator::fromEnvironment(env);
}

bool CredentialProvider::hasStaticCredentials() const
{
    const UserConfig &u = m_context.user;
    return !u.token.isEmpty() || !u.tokenFile.isEmpty() || u.hasBasicAuth() ||
           u.hasClientCertificate();
}

bool CredentialProvider::staticCredentials(Credentials *credentials, QString *error) const
{
    const UserConfig &u = m_context.user;
    Credentials c;
    c.clientCertificatePem = u.clientCertificateData;
    c.clientKeyPem = u.clientKeyData;
    if (u.hasClientCertificate()) {
        c.source = Credentials::Source::ClientCertificate;
        QString parseError;
        if (ClientIdentity::fromPem(c.clientCertificatePem, c.clientKeyPem, &parseError).isNull()) {
            *error = QStringLiteral("user \"%1\": %2; fix client-certificate/client-key")
                         .arg(m_context.userName, parseError);
            return false;
        }
    }
    if (!u.tokenFile.isEmpty()) {
        // The file wins over `token` when it can be read, as in client-go.
        QString fileError;
        const QByteArray token = readTokenFile(u.tokenFile, &fileError);
        if (!token.isEmpty()) {
            c.bearerToken = token;
            c.source = Credentials::Source::TokenFile;
        } else if (u.token.isEmpty()) {
            *error = QStringLiteral("user \"%1\": %2").arg(m_context.userName, fileError);
            return false;
        }
    }
    if (c.bearerToken.isEmpty() && !u.token.isEmpty()) {
        c.bearerToken = u.token.toUtf8();
        c.source = Credentials::Source::Token;
    }
    if (u.hasBasicAuth()) {
        c.username = u.username;
        c.password = u.password;
        c.source = Credentials::Source::Basic;
    }
    *credentials = c;
    return true;
}

QString CredentialProvider::pluginProblem(const QString &program) const
{
    const ExecConfig &exec = m_context.user.exec;
    if (exec.interactiveMode == u"Always")
        return QStringLiteral("context \"%1\": the exec plugin %2 needs a terminal "
                              "(interactiveMode: Always), which k8s-hosts does not have; set "
                              "users[%3].user.exec.interactiveMode to IfAvailable, or log in "
                              "with the command in a terminal first")
            .arg(m_context.name, exec.command, m_context.userName);
    if (!program.isEmpty())
        return QString();
    QString error =
        exec.command.contains(u'/')
            ? QStringLiteral("context \"%1\": the exec plugin %2 does not exist or is not "
                             "executable")
                  .arg(m_context.name, exec.command)
            : QStringLiteral("context \"%1\": the exec plugin \"%2\" was not found (looked in "
                             "%3)")
                  .arg(m_context.name, exec.command, m_locator.directories().join(u':'));
    error += exec.installHint.isEmpty()
                 ? QStringLiteral("; install it or edit users[%1].user.exec.command")
                       .arg(m_context.userName)
                 : QStringLiteral("; %1").arg(exec.installHint.trimmed());
    return error;
}

QString CredentialProvider::staticProblem() const
{
    if (!m_context.isUsable())
        return m_context.error;
    if (!m_context.cluster.serverUrl.isEmpty() && m_context.cluster.serverUrl.scheme() != u"https")
        return QString(); // nothing is sent over http
    if (hasStaticCredentials()) {
        Credentials ignored;
        QString error;
        staticCredentials(&ignored, &error);
        return error;
    }
    if (m_context.user.exec.isSet()) {
        QString program = m_locator.find(m_context.user.exec.command);
        if (program.isEmpty() && LoginShellPath::isKnown())
            program = CommandLocator(LoginShellPath::known()).find(m_context.user.exec.command);
        return pluginProblem(program);
    }
    return QString();
}

void CredentialProvider::request()
{
    if (m_state != State::Idle)
        return; // the answer under way serves this call too
    // Always answer from the event loop, never from inside request().
    m_state = State::Resolving;
    QMetaObject::invokeMethod(this, &CredentialProvider::resolve, Qt::QueuedConnection);
}

void CredentialProvider::resolve()
{
    m_state = State::Idle;
    if (!m_context.isUsable()) {
        fail(m_context.error);
        return;
    }
    if (m_context.cluster.serverUrl.scheme() != u"https") {
        deliver(Credentials());
        return;
    }
    if (hasStaticCredentials()) {
        Credentials credentials;
        QString error;
        if (!staticCredentials(&credentials, &error)) {
            fail(error);
            return;
        }
        deliver(credentials);
        return;
    }
    if (m_context.user.exec.isSet()) {
        if (m_current.isRefreshable() && !m_current.isExpiredAt(now())) {
            Q_EMIT ready(m_current);
            return;
        }
        startExec();
        return;
    }
    // Nothing configured: a token the user entered earlier, or anonymous.
    if (!m_store) {
        deliver(Credentials());
        return;
    }
    m_state = State::ReadingUserToken;
    SecretJob *job = m_store->read(SecretStore::userTokenKey(m_context.name));
    connect(job, &SecretJob::finished, this, &CredentialProvider::onUserTokenRead);
    job->start();
}

void CredentialProvider::onUserTokenRead(SecretJob *job)
{
    m_state = State::Idle;
    Credentials credentials;
    if (job->error() == SecretJob::Error::None && !job->secret().isEmpty()) {
        credentials.source = Credentials::Source::KeychainToken;
        credentials.bearerToken = job->secret();
    }
    deliver(credentials);
}

void CredentialProvider::storeUserToken(const QByteArray &token)
{
    if (!m_store) {
        QMetaObject::invokeMethod(
            this, [this] { fail(QStringLiteral("no keychain is available to keep the token")); },
            Qt::QueuedConnection);
        return;
    }
    SecretJob *job = m_store->write(SecretStore::userTokenKey(m_context.name), token);
    connect(job, &SecretJob::finished, this, [this](SecretJob *done) {
        if (done->error() != SecretJob::Error::None) {
            Q_EMIT failed(QStringLiteral("context \"%1\": the token could not be kept in the "
                                         "keychain (%2)")
                              .arg(m_context.name, done->errorString()));
            return;
        }
        m_current = Credentials();
        Q_EMIT tokenStored();
    });
    job->start();
}

QByteArray CredentialProvider::cacheFingerprint() const
{
    // A cached credential is only good for the same plugin invocation against the same server.
    const ExecConfig &e = m_context.user.exec;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part :
         QStringList{m_context.cluster.server, e.command, e.apiVersion} + e.args)
        hash.addData((part + QChar(0)).toUtf8());
    for (const auto &[name, value] : e.env)
        hash.addData((name + u'=' + value + QChar(0)).toUtf8());
    return hash.result().toHex();
}

void CredentialProvider::startExec()
{
    if (m_store && !m_cacheConsulted) {
        m_cacheConsulted = true;
        m_state = State::ReadingCache;
        SecretJob *job = m_store->read(SecretStore::execCredentialKey(m_context.name));
        connect(job, &SecretJob::finished, this, &CredentialProvider::onCacheRead);
        job->start();
        return;
    }
    locatePlugin();
}

void CredentialProvider::onCacheRead(SecretJob *job)
{
    if (job->error() == SecretJob::Error::None) {
        const QJsonObject cached = QJsonDocument::fromJson(job->secret()).object();
        Credentials c;
        c.source = Credentials::Source::ExecCache;
        c.bearerToken = cached.value(QStringLiteral("token")).toString().toUtf8();
        c.clientCertificatePem = cached.value(QStringLiteral("cert")).toString().toUtf8();
        c.clientKeyPem = cached.value(QStringLiteral("key")).toString().toUtf8();
        c.expiry = QDateTime::fromString(cached.value(QStringLiteral("expiry")).toString(),
                                         Qt::ISODateWithMs);
        if (cached.value(QStringLiteral("fingerprint")).toString().toLatin1() ==
                cacheFingerprint() &&
            c.expiry.isValid() && !c.isExpiredAt(now()) &&
            (!c.bearerToken.isEmpty() || !c.clientCertificatePem.isEmpty())) {
            qCInfo(lcKube) << "context" << m_context.name
                           << ": using the cached exec credential, valid until"
                           << c.expiry.toString(Qt::ISODate);
            m_state = State::Idle;
            deliver(c);
            return;
        }
    }
    locatePlugin();
}

void CredentialProvider::locatePlugin()
{
    m_state = State::LocatingPlugin;
    const ExecConfig &exec = m_context.user.exec;
    QString program = m_locator.find(exec.command);
    if (program.isEmpty() && LoginShellPath::isKnown()) {
        m_locator.addDirectories(LoginShellPath::known());
        program = m_locator.find(exec.command);
    }
    if (program.isEmpty() && m_useLoginShell && !LoginShellPath::isKnown() &&
        !exec.command.contains(u'/')) {
        // Maybe only the login shell's PATH has it (a GUI app's PATH is bare).
        m_loginShell = new LoginShellPath(this);
        m_loginShell->setEnvironment(m_env);
        connect(m_loginShell, &LoginShellPath::finished, this, [this](const QStringList &dirs) {
            m_loginShell->deleteLater();
            m_locator.addDirectories(dirs);
            const QString found = m_locator.find(m_context.user.exec.command);
            const QString problem = pluginProblem(found);
            if (!problem.isEmpty())
                fail(problem);
            else
                runPlugin(found);
        });
        m_loginShell->start();
        return;
    }
    const QString problem = pluginProblem(program);
    if (!problem.isEmpty()) {
        fail(problem);
        return;
    }
    runPlugin(program);
}

void CredentialProvider::runPlugin(const QString &program)
{
    m_state = State::RunningPlugin;
    m_runner = new ExecPluginRunner(program, m_context.user.exec, m_context.cluster, this);
    m_runner->setEnvironment(m_env);
    m_runner->setTimeout(m_pluginTimeout);
    connect(m_runner, &ExecPluginRunner::succeeded, this, &CredentialProvider::onPluginSucceeded);
    connect(m_runner, &ExecPluginRunner::failed, this, [this](const QString &error) {
        m_runner->deleteLater();
        fail(QStringLiteral("context \"%1\": the exec plugin %2 %3")
                 .arg(m_context.name, m_context.user.exec.command, error));
    });
    m_runner->start();
}

void CredentialProvider::onPluginSucceeded(const Credentials &credentials)
{
    m_runner->deleteLater();
    m_state = State::Idle;
    qCInfo(lcKube).noquote() << QStringLiteral("context %1: exec plugin %2 gave a %3%4")
                                    .arg(m_context.name, m_context.user.exec.command,
                                         credentials.bearerToken.isEmpty()
                                             ? QStringLiteral("client certificate")
                                             : QStringLiteral("token"),
                                         credentials.expiry.isValid()
                                             ? QStringLiteral(", valid until ") +
                                                   credentials.expiry.toString(Qt::ISODate)
                                             : QString());
    // Only expiring credentials are kept across restarts: for the others, validity is unknown.
    if (m_store && credentials.expiry.isValid()) {
        const QJsonObject cached{
            {QStringLiteral("fingerprint"), QString::fromLatin1(cacheFingerprint())},
            {QStringLiteral("token"), QString::fromUtf8(credentials.bearerToken)},
            {QStringLiteral("cert"), QString::fromUtf8(credentials.clientCertificatePem)},
            {QStringLiteral("key"), QString::fromUtf8(credentials.clientKeyPem)},
            {QStringLiteral("expiry"), credentials.expiry.toString(Qt::ISODateWithMs)}};
        SecretJob *job = m_store->write(SecretStore::execCredentialKey(m_context.name),
                                        QJsonDocument(cached).toJson(QJsonDocument::Compact));
        job->start();
    }
    deliver(credentials);
}

bool CredentialProvider::refreshAfterUnauthorized(quint64 generation)
{
    if (!m_context.user.exec.isSet() || hasStaticCredentials())
        return false;
    if (m_state != State::Idle)
        return true; // already refreshing; its answer comes
    if (generation != m_current.generation && m_current.isRefreshable() &&
        !m_current.isExpiredAt(now())) {
        // Someone else refreshed meanwhile: hand out the newer credentials.
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT ready(m_current); }, Qt::QueuedConnection);
        return true;
    }
    qCInfo(lcKube) << "context" << m_context.name
                   << ": the server refused the exec credential (401); running the plugin again";
    m_current = Credentials();
    m_cacheConsulted = true; // the cached one is what was refused
    if (m_store)
        m_store->remove(SecretStore::execCredentialKey(m_context.name))->start();
    m_state = State::Resolving;
    QMetaObject::invokeMethod(this, &CredentialProvider::locatePlugin, Qt::QueuedConnection);
    return true;
}

void CredentialProvider::deliver(Credentials credentials)
{
    m_state = State::Idle;
    credentials.generation = ++s_generation;
    m_current = credentials;
    Q_EMIT ready(m_current);
}

void CredentialProvider::fail(const QString &error)
{
    m_state = State::Idle;
    qCWarning(lcKube).noquote() << error;
    Q_EMIT failed(error);
}

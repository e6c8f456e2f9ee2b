#include "core/kube/secretjob.h"

#include "core/kube/kubelogging.h"

#include <qt6keychain/keychain.h>

SecretJob::SecretJob(Operation operation, const QString &service, const QString &key,
                     const QByteArray &secret, QObject *parent)
    : QObject(parent)
    , m_operation(operation)
    , m_service(service)
    , m_key(key)
    , m_secret(secret)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(2000);
    connect(&m_retry, &QTimer::timeout, this, &SecretJob::attempt);
}

SecretJob::~SecretJob() = default;

void SecretJob::start()
{
    if (m_backendMissing) {
        QMetaObject::invokeMethod(
            this, [this] { finish(Error::NoBackend, QStringLiteral("no keychain is available")); },
            Qt::QueuedConnection);
        return;
    }
    attempt();
}

void SecretJob::attempt()
{
    ++m_attempts;
    // The keychain job has no parent: the Secret Service answers even after we are gone (the
    // backend cannot cancel), so it must outlive us and delete itself when it is done.
    QKeychain::Job *job = nullptr;
    switch (m_operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setBinaryData(m_secret);
        job = write;
        break;
    }
    case Operation::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setKey(m_key);
    job->setInsecureFallback(false); // never a plain-text file
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, &SecretJob::onJobFinished);
    job->start();
}

void SecretJob::onJobFinished(QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoError:
        if (m_operation == Operation::Read)
            m_secret = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        finish(Error::None, QString());
        return;
    case QKeychain::EntryNotFound:
        finish(Error::NotFound, QString());
        return;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        finish(Error::NoBackend, job->errorString());
        return;
    default:
        break;
    }
    if (m_attempts < 2) {
        qCDebug(lcKube) << "keychain did not answer for" << m_key << "- trying once more";
        m_retry.start();
        return;
    }
    // QtKeychain reports a missing bus or Secret Service as OtherError; name it for what it is.
    const QString message = job->errorString();
    const bool missing =
        message.contains(u"Could not connect") || message.contains(u"org.freedesktop.secrets") ||
        message.contains(u"ServiceUnknown") || message.contains(u"not provided by any .service") ||
        message.contains(u"autolaunch");
    finish(missing ? Error::NoBackend : Error::Failed, message);
}

void SecretJob::finish(Error error, const QString &errorString)
{
    m_error = error;
    m_errorString = errorString;
    if (m_operation != Operation::Read || error != Error::None)
        m_secret.clear(); // keep a written secret no longer than needed
    Q_EMIT finished(this);
    if (m_autoDelete)
        deleteLater();
}

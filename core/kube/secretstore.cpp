#include "core/kube/secretstore.h"

#include "core/kube/kubelogging.h"

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

QString SecretStore::execCredentialKey(const QString &context)
{
    return QStringLiteral("exec-credential/") + context;
}

QString SecretStore::userTokenKey(const QString &context)
{
    return QStringLiteral("token/") + context;
}

SecretJob *SecretStore::read(const QString &key)
{
    return create(SecretJob::Operation::Read, key, QByteArray());
}

SecretJob *SecretStore::write(const QString &key, const QByteArray &secret)
{
    return create(SecretJob::Operation::Write, key, secret);
}

SecretJob *SecretStore::remove(const QString &key)
{
    return create(SecretJob::Operation::Delete, key, QByteArray());
}

SecretJob *SecretStore::create(SecretJob::Operation operation, const QString &key,
                               const QByteArray &secret)
{
    auto *job = new SecretJob(operation, m_service, key, secret, this);
    job->setBackendKnownMissing(!m_available);
    job->setRetryDelay(m_retryDelay);
    connect(job, &SecretJob::finished, this, [this](SecretJob *finished) {
        if (finished->error() != SecretJob::Error::NoBackend || !m_available)
            return;
        m_available = false;
        const QString reason =
            QStringLiteral("No keychain is available (%1): credentials are not cached between "
                           "runs and entered tokens are not kept. On Linux, install and unlock "
                           "gnome-keyring or KWallet.")
                .arg(finished->errorString());
        qCWarning(lcKube).noquote() << reason;
        Q_EMIT unavailable(reason);
    });
    return job;
}

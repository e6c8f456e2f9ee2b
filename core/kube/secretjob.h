#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

namespace QKeychain {
class Job;
}

// One keychain operation (read, write or delete one secret), asynchronous: connect to
// finished(), call start(), read the result in the slot. Retries once after a short pause
// when the keychain is not answering yet (a Linux keyring starting at login). Deletes itself
// after finished() unless told otherwise.
class SecretJob : public QObject
{
    Q_OBJECT

public:
    enum class Operation
    {
        Read,
        Write,
        Delete
    };
    enum class Error
    {
        None,
        NotFound,
        NoBackend,
        Failed
    };

    SecretJob(Operation operation, const QString &service, const QString &key,
              const QByteArray &secret = QByteArray(), QObject *parent = nullptr);
    ~SecretJob() override;

    // When set, the job fails with NoBackend at once, without asking the keychain.
    void setBackendKnownMissing(bool missing) { m_backendMissing = missing; }
    void setRetryDelay(int milliseconds) { m_retry.setInterval(milliseconds); }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    void start();

    Operation operation() const { return m_operation; }
    const QString &key() const { return m_key; }
    Error error() const { return m_error; }
    // What went wrong, without the secret.
    const QString &errorString() const { return m_errorString; }
    const QByteArray &secret() const { return m_secret; }

Q_SIGNALS:
    void finished(SecretJob *job);

private:
    void attempt();
    void onJobFinished(QKeychain::Job *job);
    void finish(Error error, const QString &errorString);

    Operation m_operation;
    QString m_service;
    QString m_key;
    QByteArray m_secret;
    QTimer m_retry;
    Error m_error = Error::None;
    QString m_errorString;
    int m_attempts = 0;
    bool m_backendMissing = false;
    bool m_autoDelete = true;
};

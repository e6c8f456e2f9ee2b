#pragma once

#include "core/kube/secretjob.h"

#include <QObject>

// The app's secrets in the system keychain (Secret Service on Linux, Keychain on macOS),
// scoped by service name and context: exec-plugin results until they expire, and bearer
// tokens a user typed in. Hands out one SecretJob per operation. When the keychain turns out
// to be missing, says so once (unavailable()) and from then on fails jobs at once.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    explicit SecretStore(const QString &service = QStringLiteral("k8s-hosts"),
                         QObject *parent = nullptr);

    SecretJob *read(const QString &key);
    SecretJob *write(const QString &key, const QByteArray &secret);
    SecretJob *remove(const QString &key);

    bool isAvailable() const { return m_available; }
    void setRetryDelay(int milliseconds) { m_retryDelay = milliseconds; }

    static QString execCredentialKey(const QString &context);
    static QString userTokenKey(const QString &context);

Q_SIGNALS:
    void unavailable(const QString &reason);

private:
    SecretJob *create(SecretJob::Operation operation, const QString &key, const QByteArray &secret);

    QString m_service;
    bool m_available = true;
    int m_retryDelay = 2000;
};

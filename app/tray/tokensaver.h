#pragma once

#include "core/config/contextconfig.h"

#include <QObject>

class ContextChoices;

// "Add token…" for a context whose kubeconfig entry has no credentials: keeps the token in
// the keychain (never in settings or logs) and reconnects the context if it is enabled.
class TokenSaver : public QObject
{
    Q_OBJECT
public:
    explicit TokenSaver(ContextChoices *choices, QObject *parent = nullptr);

    // An https context whose user entry names no token, file, certificate, password, exec
    // plugin or auth provider: the only kind a typed-in token is for.
    static bool needsToken(const ContextConfig &context);

    void save(const QString &context, const QByteArray &token);

Q_SIGNALS:
    void finished(const QString &context, bool ok, const QString &message);

private:
    ContextChoices *m_choices;
};

#include "app/tray/tokensaver.h"

#include "app/tray/contextchoices.h"
#include "core/kube/credentialprovider.h"
#include "core/sync/workspace.h"

TokenSaver::TokenSaver(ContextChoices *choices, QObject *parent)
    : QObject(parent)
    , m_choices(choices)
{}

bool TokenSaver::needsToken(const ContextConfig &context)
{
    const UserConfig &u = context.user;
    return context.isUsable() && !context.inCluster &&
           context.cluster.serverUrl.scheme() == u"https" && u.token.isEmpty() &&
           u.tokenFile.isEmpty() && !u.hasBasicAuth() && !u.hasClientCertificate() &&
           !u.exec.isSet() && !u.authProviderSet;
}

void TokenSaver::save(const QString &context, const QByteArray &token)
{
    Workspace *workspace = m_choices->workspace();
    std::optional<ContextConfig> config;
    for (const ContextConfig &c : workspace->contexts()) {
        if (c.name == context)
            config = c;
    }
    if (!config || token.trimmed().isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, context, known = config.has_value()] {
                Q_EMIT finished(context, false,
                                known ? QStringLiteral("The token is empty; paste the whole token.")
                                      : QStringLiteral("The kubeconfig has no context named "
                                                       "\"%1\" any more.")
                                            .arg(context));
            },
            Qt::QueuedConnection);
        return;
    }
    // A provider of its own: the context may not be enabled, so have no connection.
    auto *provider = new CredentialProvider(*config, workspace->secrets(), this);
    connect(provider, &CredentialProvider::tokenStored, this, [this, provider, context] {
        provider->deleteLater();
        Workspace *workspace = m_choices->workspace();
        if (workspace->isEnabled(context))
            workspace->enableContext(context, workspace->choice(context)); // reconnect with it
        Q_EMIT finished(context, true,
                        QStringLiteral("The token for %1 is in the keychain.").arg(context));
    });
    connect(provider, &CredentialProvider::failed, this,
            [this, provider, context](const QString &error) {
                provider->deleteLater();
                Q_EMIT finished(context, false, error);
            });
    provider->storeUserToken(token.trimmed());
}

#include "core/sink/xpcfailure.h"

namespace XpcFailure {

SinkReport::Failure classify(HelperProtocol::Error error)
{
    switch (error) {
    case HelperProtocol::Error::None:
        return SinkReport::Failure::None;
    case HelperProtocol::Error::NotAuthorized:
    case HelperProtocol::Error::AuthorizationRequired:
        return SinkReport::Failure::NotAuthorized;
    case HelperProtocol::Error::InvalidArgument:
        return SinkReport::Failure::InvalidEntries;
    case HelperProtocol::Error::Failed:
        break;
    }
    return SinkReport::Failure::Failed;
}

QString describe(HelperProtocol::Error error, const QString &message)
{
    switch (error) {
    case HelperProtocol::Error::None:
        return {};
    case HelperProtocol::Error::NotAuthorized:
        return QStringLiteral("Not allowed to change the hosts file: %1").arg(message);
    case HelperProtocol::Error::AuthorizationRequired:
        return QStringLiteral("Not allowed to change the hosts file without an administrator's "
                              "authorization (%1); the administrator prompt was dismissed or "
                              "refused")
            .arg(message);
    case HelperProtocol::Error::InvalidArgument:
        return QStringLiteral("The helper refused the entries and wrote nothing: %1").arg(message);
    case HelperProtocol::Error::Failed:
        break;
    }
    return QStringLiteral("The helper could not update the hosts file: %1").arg(message);
}

QString describeRegistration(HelperProtocol::Error error, const QString &message)
{
    switch (error) {
    case HelperProtocol::Error::None:
        return {};
    case HelperProtocol::Error::NotAuthorized:
        return QStringLiteral("not allowed: %1").arg(message);
    case HelperProtocol::Error::AuthorizationRequired:
        return QStringLiteral("an administrator's authorization is needed (%1), and the "
                              "administrator prompt was dismissed or refused")
            .arg(message);
    case HelperProtocol::Error::InvalidArgument:
        return QStringLiteral("the helper refused it: %1").arg(message);
    case HelperProtocol::Error::Failed:
        break;
    }
    return QStringLiteral("the helper could not register it: %1").arg(message);
}

bool isPermanent(HelperProtocol::Error error)
{
    return error == HelperProtocol::Error::NotAuthorized ||
           error == HelperProtocol::Error::AuthorizationRequired ||
           error == HelperProtocol::Error::InvalidArgument;
}

bool isPermanent(Connection error)
{
    return error == Connection::Invalid || error == Connection::CodeSigning;
}

SinkReport::Failure classify(Connection error)
{
    return error == Connection::Invalid ? SinkReport::Failure::NotInstalled
                                        : SinkReport::Failure::Failed;
}

QString describe(Connection error, const QString &detail)
{
    switch (error) {
    case Connection::Invalid:
        return QStringLiteral("The k8s-hosts helper is not installed, not approved yet, or "
                              "refused this copy of the app (%1); choose \"Install helper…\" in "
                              "the K8s Hosts menu "
                              "and approve it in System Settings › General › Login Items")
            .arg(detail);
    case Connection::Interrupted:
        return QStringLiteral("The k8s-hosts helper stopped during the call (%1); try again, "
                              "and if it keeps happening see docs/macos.md (Troubleshooting)")
            .arg(detail);
    case Connection::CodeSigning:
        return QStringLiteral("The installed k8s-hosts helper is not signed like this app (%1); "
                              "choose \"Install helper…\" to replace it with this app's helper")
            .arg(detail);
    case Connection::TimedOut:
        return QStringLiteral("The k8s-hosts helper did not answer within a minute; try again, "
                              "or see docs/macos.md (Troubleshooting)");
    case Connection::BadReply:
        break;
    }
    return QStringLiteral("The k8s-hosts helper answered something this app cannot read (%1); "
                          "choose \"Install helper…\" to install the helper of this version")
        .arg(detail);
}

} // namespace XpcFailure

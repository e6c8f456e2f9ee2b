#include "core/install/helperstatus.h"

#include <QRegularExpression>
#include <QVersionNumber>

namespace {

std::optional<QVersionNumber> parse(const QString &version)
{
    static const QRegularExpression strict(QStringLiteral("^[0-9]{1,9}(\\.[0-9]{1,9}){0,2}$"));
    if (!strict.match(version).hasMatch())
        return std::nullopt;
    return QVersionNumber::fromString(version);
}

HelperStatus make(HelperStatus::State state, const QString &message, const QString &running = {})
{
    HelperStatus status;
    status.state = state;
    status.message = message;
    status.runningVersion = running;
    return status;
}

} // namespace

std::optional<int> HelperStatus::compareVersions(const QString &a, const QString &b)
{
    const std::optional<QVersionNumber> left = parse(a);
    const std::optional<QVersionNumber> right = parse(b);
    if (!left || !right)
        return std::nullopt;
    // 1.2 and 1.2.0 are the same version.
    const int order = QVersionNumber::compare(left->normalized(), right->normalized());
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

HelperStatus HelperStatus::unsupported(const QString &why)
{
    return make(State::Unsupported, why);
}

HelperStatus HelperStatus::failed(const QString &what)
{
    return make(State::Failed, what);
}

HelperStatus HelperStatus::assess(Registration registration, const std::optional<QString> &running,
                                  const QString &bundledVersion)
{
    switch (registration) {
    case Registration::NotRegistered:
        return make(State::NotInstalled,
                    QStringLiteral("The k8s-hosts helper is not installed; choose \"Install "
                                   "helper…\" in the K8s Hosts menu and approve it (macOS asks "
                                   "for an administrator)"));
    case Registration::NotFound:
        return make(State::Failed,
                    QStringLiteral("macOS cannot find the helper inside k8s-hosts.app; the app "
                                   "bundle is incomplete: install k8s-hosts again from its disk "
                                   "image"));
    case Registration::RequiresApproval:
        return make(State::RequiresApproval,
                    QStringLiteral("The k8s-hosts helper waits for your approval: open System "
                                   "Settings › General › Login Items and turn on k8s-hosts under "
                                   "\"Allow in the Background\""));
    case Registration::Enabled:
        break;
    }
    if (!running)
        return make(State::NotResponding,
                    QStringLiteral("The k8s-hosts helper is installed but did not answer; "
                                   "choose \"Install helper…\" to install it again, or see "
                                   "docs/macos.md (Troubleshooting)"));
    const std::optional<int> order = compareVersions(*running, bundledVersion);
    if (!order)
        return make(State::NeedsUpgrade,
                    QStringLiteral("The installed helper reports an unknown version (%1); choose "
                                   "\"Update helper\" to replace it with version %2")
                        .arg(running->left(40), bundledVersion),
                    *running);
    if (*order < 0)
        return make(State::NeedsUpgrade,
                    QStringLiteral("The installed helper is version %1 and this app needs %2; "
                                   "choose \"Update helper\" to upgrade it")
                        .arg(*running, bundledVersion),
                    *running);
    if (*order > 0)
        return make(State::NewerInstalled,
                    QStringLiteral("The installed helper (version %1) is newer than this app "
                                   "(%2) and only serves apps of its own version or later; "
                                   "install the current k8s-hosts")
                        .arg(*running, bundledVersion),
                    *running);
    return make(State::Ready, {}, *running);
}

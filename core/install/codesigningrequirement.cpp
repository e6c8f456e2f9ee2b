#include "core/install/codesigningrequirement.h"

#include <QRegularExpression>

namespace {

bool matches(const QString &pattern, QStringView text)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(text).hasMatch();
}

} // namespace

bool CodeSigningRequirement::isValidTeamId(QStringView teamId)
{
    return matches(QStringLiteral("[A-Z0-9]{10}"), teamId);
}

bool CodeSigningRequirement::isValidIdentifier(QStringView identifier)
{
    // Reverse-DNS like CFBundleIdentifier: letters, digits, '-' and '.', at least two parts.
    return identifier.size() <= 255 &&
           matches(QStringLiteral("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"), identifier);
}

bool CodeSigningRequirement::isValidVersion(QStringView version)
{
    // CFBundleShortVersionString: one to three integers separated by periods.
    return version.size() <= 32 && matches(QStringLiteral("[0-9]+(\\.[0-9]+){0,2}"), version);
}

std::optional<QString> CodeSigningRequirement::build(const Identity &identity, QString *error)
{
    if (!isValidIdentifier(identity.identifier)) {
        *error = QStringLiteral("\"%1\" is not a signing identifier; use a reverse-DNS name of "
                                "letters, digits, '-' and '.' like io.github.k8shosts.K8sHosts")
                     .arg(identity.identifier);
        return std::nullopt;
    }
    if (!identity.teamId.isEmpty() && !isValidTeamId(identity.teamId)) {
        *error = QStringLiteral("\"%1\" is not an Apple team ID; it is the 10 characters of "
                                "A-Z and 0-9 in parentheses after your signing identity's name "
                                "(security find-identity -v -p codesigning)")
                     .arg(identity.teamId);
        return std::nullopt;
    }
    if (!identity.minimumVersion.isEmpty() && !isValidVersion(identity.minimumVersion)) {
        *error = QStringLiteral("\"%1\" is not a bundle version; use one to three numbers "
                                "separated by periods like 1.2.0")
                     .arg(identity.minimumVersion);
        return std::nullopt;
    }
    QString requirement;
    // An ad-hoc signature proves nothing about who signed: any local user can sign a program
    // with our identifier. Such builds are for a developer's own machine (docs/macos.md).
    if (!identity.teamId.isEmpty())
        requirement = QStringLiteral("anchor apple generic and ");
    requirement += QStringLiteral("identifier \"%1\"").arg(identity.identifier);
    if (!identity.teamId.isEmpty())
        requirement +=
            QStringLiteral(" and certificate leaf[subject.OU] = \"%1\"").arg(identity.teamId);
    // An older build of our own app, signed but perhaps vulnerable, must not drive the
    // helper; the comparison is numeric per component (kCFCompareNumerically).
    if (!identity.minimumVersion.isEmpty())
        requirement += QStringLiteral(" and info [CFBundleShortVersionString] >= \"%1\"")
                           .arg(identity.minimumVersion);
    return requirement;
}

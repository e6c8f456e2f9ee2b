#include "core/install/macos/smjobblessinstaller.h"

#include "core/install/macos/legacyjob.h"
#include "core/sink/threadgate.h"
#include "signingidentity.h"

#include <QFile>

#import <Foundation/Foundation.h>
#import <Security/Authorization.h>
#import <ServiceManagement/ServiceManagement.h>

// SMJobBless and SMJobRemove are deprecated since macOS 13 in favour of SMAppService, which
// this app uses there; they remain the only way on the older systems this class serves.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

namespace {

NSString *label()
{
    return @(SigningIdentity::helperLabel);
}

QString installedPath()
{
    return LegacyJob::toolPath();
}

// Asks for an administrator (the system's dialog) for one right; blocks, so never call it
// on the GUI thread.
AuthorizationRef authorize(const char *right, OSStatus *status)
{
    AuthorizationItem item = {right, 0, nullptr, 0};
    AuthorizationRights rights = {1, &item};
    AuthorizationRef authorization = nullptr;
    *status =
        AuthorizationCreate(&rights, kAuthorizationEmptyEnvironment,
                            kAuthorizationFlagDefaults | kAuthorizationFlagInteractionAllowed |
                                kAuthorizationFlagPreAuthorize | kAuthorizationFlagExtendRights,
                            &authorization);
    return *status == errAuthorizationSuccess ? authorization : nullptr;
}

QString describe(OSStatus status, CFErrorRef error)
{
    if (status == errAuthorizationCanceled)
        return QStringLiteral("you cancelled the administrator prompt; nothing was changed");
    if (status != errAuthorizationSuccess)
        return QStringLiteral("macOS refused the administrator authorization (error %1)")
            .arg(status);
    if (!error)
        return {};
    NSError *ns = (__bridge NSError *)error;
    return QString::fromNSString(ns.localizedDescription);
}

} // namespace

SMJobBlessInstaller::SMJobBlessInstaller(bool selfContained, QObject *parent)
    : HelperInstaller(parent)
    , m_selfContained(selfContained)
    , m_gate(std::make_shared<ThreadGate>(this))
{
    connect(&m_client, &HelperClient::versionAnswered, this,
            [this](const std::optional<QString> &version) {
                setStatus(HelperStatus::assess(HelperStatus::Registration::Enabled, version,
                                               QString::fromUtf8(SigningIdentity::version)));
            });
    // The helper deleted its files (or was never there): unload the job either way.
    connect(&m_client, &HelperClient::uninstallAnswered, this,
            [this](bool, const QString &) { unload(); });
}

SMJobBlessInstaller::~SMJobBlessInstaller()
{
    m_gate->close();
}

bool SMJobBlessInstaller::refuseUnsupported()
{
    if (m_selfContained)
        return false;
    QTimer::singleShot(0, this, [this] {
        setStatus(HelperStatus::unsupported(
            QStringLiteral("This build of k8s-hosts installs its helper on macOS 13 or later "
                           "only (its helper needs the Qt inside the app); update macOS or "
                           "install a release build of k8s-hosts")));
    });
    return true;
}

void SMJobBlessInstaller::refresh()
{
    if (refuseUnsupported())
        return;
    if (!QFile::exists(installedPath())) {
        QTimer::singleShot(0, this, [this] {
            setStatus(HelperStatus::assess(HelperStatus::Registration::NotRegistered, std::nullopt,
                                           QString::fromUtf8(SigningIdentity::version)));
        });
        return;
    }
    m_client.askVersion();
}

void SMJobBlessInstaller::install()
{
    if (refuseUnsupported())
        return;
    std::shared_ptr<ThreadGate> gate = m_gate;
    dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
      OSStatus status = errAuthorizationSuccess;
      CFErrorRef error = nullptr;
      AuthorizationRef authorization = authorize(kSMRightBlessPrivilegedHelper, &status);
      if (authorization) {
          // Replaces an older helper; refused unless both signatures match the plists.
          SMJobBless(kSMDomainSystemLaunchd, (__bridge CFStringRef)label(), authorization, &error);
          AuthorizationFree(authorization, kAuthorizationFlagDefaults);
      }
      const QString message = describe(status, error);
      if (error)
          CFRelease(error);
      gate->post([this, message] {
          if (message.isEmpty()) {
              refresh();
              return;
          }
          setStatus(HelperStatus::failed(
              QStringLiteral("Could not install the k8s-hosts helper: %1").arg(message)));
      });
    });
}

void SMJobBlessInstaller::uninstall()
{
    if (refuseUnsupported())
        return;
    m_client.askUninstall(); // then unload()
}

void SMJobBlessInstaller::unload()
{
    std::shared_ptr<ThreadGate> gate = m_gate;
    dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
      const QString message = LegacyJob::remove();
      gate->post([this, message] {
          if (!message.isEmpty() && QFile::exists(installedPath())) {
              setStatus(HelperStatus::failed(
                  QStringLiteral("Could not remove the k8s-hosts helper: %1; remove it by hand "
                                 "as docs/macos.md (Uninstall) shows")
                      .arg(message)));
              return;
          }
          refresh();
      });
    });
}

#pragma clang diagnostic pop

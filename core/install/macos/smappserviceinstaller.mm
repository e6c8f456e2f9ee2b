#include "core/install/macos/smappserviceinstaller.h"

#include "core/install/macos/legacyjob.h"
#include "core/sink/threadgate.h"
#include "signingidentity.h"

#import <Foundation/Foundation.h>
#import <ServiceManagement/ServiceManagement.h>

namespace {

NSString *plistName()
{
    return [@(SigningIdentity::helperLabel) stringByAppendingString:@".plist"];
}

API_AVAILABLE(macos(13.0))
HelperStatus::Registration registrationOf(SMAppServiceStatus status)
{
    switch (status) {
    case SMAppServiceStatusEnabled:
        return HelperStatus::Registration::Enabled;
    case SMAppServiceStatusRequiresApproval:
        return HelperStatus::Registration::RequiresApproval;
    case SMAppServiceStatusNotFound:
        return HelperStatus::Registration::NotFound;
    case SMAppServiceStatusNotRegistered:
        break;
    }
    return HelperStatus::Registration::NotRegistered;
}

} // namespace

SMAppServiceInstaller::SMAppServiceInstaller(QObject *parent)
    : HelperInstaller(parent)
    , m_gate(std::make_shared<ThreadGate>(this))
{
    connect(&m_client, &HelperClient::versionAnswered, this,
            [this](const std::optional<QString> &version) {
                setStatus(HelperStatus::assess(m_registration, version,
                                               QString::fromUtf8(SigningIdentity::version)));
            });
}

SMAppServiceInstaller::~SMAppServiceInstaller()
{
    m_gate->close();
}

void SMAppServiceInstaller::refresh()
{
    if (@available(macOS 13.0, *)) {
        std::shared_ptr<ThreadGate> gate = m_gate;
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
          const auto registration =
              registrationOf([SMAppService daemonServiceWithPlistName:plistName()].status);
          gate->post([this, registration] { registered(registration, {}, false); });
        });
        return;
    }
    QTimer::singleShot(0, this, [this] {
        setStatus(HelperStatus::unsupported(QStringLiteral("SMAppService needs macOS 13")));
    });
}

void SMAppServiceInstaller::install()
{
    if (@available(macOS 13.0, *)) {
        const HelperStatus::State current = status().state;
        std::shared_ptr<ThreadGate> gate = m_gate;
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
          NSURL *legacy = [NSURL fileURLWithPath:LegacyJob::plistPath().toNSString()];
          const bool legacyPresent =
              [SMAppService statusForLegacyURL:legacy] != SMAppServiceStatusNotRegistered;
          const QList<InstallStep> steps = installSteps(current, legacyPresent);
          gate->post([this, steps] { runSteps(steps); });
        });
        return;
    }
    refresh();
}

// One step at a time, each continuing from its own completion; the first failure stops.
void SMAppServiceInstaller::runSteps(QList<InstallStep> steps)
{
    if (@available(macOS 13.0, *)) {
        if (steps.isEmpty())
            return;
        const InstallStep step = steps.takeFirst();
        std::shared_ptr<ThreadGate> gate = m_gate;
        switch (step) {
        case InstallStep::RemoveLegacyJob: {
            // The old helper deletes its own files, then launchd forgets its job.
            auto *once = new QObject(this);
            connect(&m_client, &HelperClient::uninstallAnswered, once,
                    [this, once, steps, gate](bool, const QString &) {
                        once->deleteLater();
                        dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
                          const QString error = LegacyJob::remove();
                          gate->post([this, steps, error] {
                              if (error.isEmpty())
                                  runSteps(steps);
                              else
                                  stepFailed(QStringLiteral("the helper of an earlier install "
                                                            "could not be removed: %1")
                                                 .arg(error));
                          });
                        });
                    });
            m_client.askUninstall();
            return;
        }
        case InstallStep::Unregister:
            [[SMAppService daemonServiceWithPlistName:plistName()]
                unregisterWithCompletionHandler:^(NSError *_Nullable error) {
                  // Not registered any more is what we wanted either way; go on from here,
                  // after launchd has let go of the old helper.
                  (void)error;
                  gate->post([this, steps] { runSteps(steps); });
                }];
            return;
        case InstallStep::Register:
            dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
              SMAppService *service = [SMAppService daemonServiceWithPlistName:plistName()];
              NSError *error = nil;
              const BOOL ok = [service registerAndReturnError:&error];
              const bool already = !ok && error.code == kSMErrorAlreadyRegistered;
              const auto registration = registrationOf(service.status);
              // Pending approval is reported as an error too; the status says which it is.
              const bool fine =
                  ok || already || registration == HelperStatus::Registration::RequiresApproval;
              const QString message =
                  fine ? QString() : QString::fromNSString(error.localizedDescription);
              gate->post(
                  [this, registration, message] { registered(registration, message, true); });
            });
            return;
        }
    }
}

void SMAppServiceInstaller::stepFailed(const QString &error)
{
    setStatus(HelperStatus::failed(
        QStringLiteral("Could not install the k8s-hosts helper: %1; see docs/macos.md "
                       "(Troubleshooting)")
            .arg(error)));
}

void SMAppServiceInstaller::uninstall()
{
    if (@available(macOS 13.0, *)) {
        std::shared_ptr<ThreadGate> gate = m_gate;
        [[SMAppService daemonServiceWithPlistName:plistName()]
            unregisterWithCompletionHandler:^(NSError *_Nullable error) {
              const QString message =
                  error ? QString::fromNSString(error.localizedDescription) : QString();
              gate->post([this, message] {
                  if (message.isEmpty())
                      refresh();
                  else
                      setStatus(HelperStatus::failed(
                          QStringLiteral("Could not remove the k8s-hosts helper: %1; turn it "
                                         "off in System Settings › General › Login Items")
                              .arg(message)));
              });
            }];
        return;
    }
    refresh();
}

void SMAppServiceInstaller::openApprovalSettings()
{
    if (@available(macOS 13.0, *))
        [SMAppService openSystemSettingsLoginItems];
}

void SMAppServiceInstaller::registered(HelperStatus::Registration registration,
                                       const QString &error, bool afterInstall)
{
    m_registration = registration;
    if (!error.isEmpty()) {
        stepFailed(error);
        return;
    }
    if (registration == HelperStatus::Registration::Enabled) {
        m_client.askVersion(); // the answer sets the status
        return;
    }
    // The user asked to install: take them to the switch they have to turn on.
    if (afterInstall && registration == HelperStatus::Registration::RequiresApproval)
        openApprovalSettings();
    setStatus(HelperStatus::assess(registration, std::nullopt,
                                   QString::fromUtf8(SigningIdentity::version)));
}

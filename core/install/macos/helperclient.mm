#include "core/install/macos/helperclient.h"

#include "core/sink/macos/adminauthorization.h"
#include "core/sink/macos/helperxpcchannel.h"
#import "core/sink/macos/helperxpcprotocol.h"

struct HelperClient::Connection : HelperXpcChannel
{};

HelperClient::HelperClient(QObject *parent)
    : QObject(parent)
    , m_connection(std::make_unique<Connection>())
{
    m_connection->gate = std::make_shared<ThreadGate>(this);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
}

HelperClient::~HelperClient()
{
    m_connection->gate->close();
    close();
}

void HelperClient::open()
{
    close();
    NSXPCConnection *xpc = HelperXpcChannel::newConnection();
    [xpc resume];
    m_connection->xpc = xpc;
}

void HelperClient::close()
{
    m_timeout.disconnect(this);
    m_timeout.stop();
    m_connection->close();
}

void HelperClient::askVersion()
{
    @autoreleasepool {
        open();
        const quint64 question = ++m_question;
        std::shared_ptr<ThreadGate> gate = m_connection->gate;
        auto answer = [this, question](std::optional<QString> version) {
            if (question != m_question)
                return; // answered already (timeout)
            ++m_question;
            close();
            Q_EMIT versionAnswered(version);
        };
        connect(&m_timeout, &QTimer::timeout, this, [answer] { answer(std::nullopt); });
        m_timeout.start();
        id<K8sHostsHelperProtocol> helper =
            [m_connection->xpc remoteObjectProxyWithErrorHandler:^(NSError *) {
              gate->post([answer] { answer(std::nullopt); });
            }];
        [helper versionWithReply:^(NSString *version) {
          const QString text = QString::fromNSString(version);
          gate->post([answer, text] {
              answer(text.isEmpty() ? std::nullopt : std::optional<QString>(text));
          });
        }];
    }
}

void HelperClient::askUninstall()
{
    @autoreleasepool {
        open();
        const quint64 question = ++m_question;
        std::shared_ptr<ThreadGate> gate = m_connection->gate;
        auto answer = [this, question](bool ok, const QString &error) {
            if (question != m_question)
                return;
            ++m_question;
            close();
            Q_EMIT uninstallAnswered(ok, error);
        };
        void (^reply)(NSError *_Nullable) = ^(NSError *_Nullable error) {
          const QString text =
              error ? QString::fromNSString(error.localizedDescription) : QString();
          gate->post([answer, text, failed = error != nil] { answer(!failed, text); });
        };
        // Removing the helper needs an administrator's right: the system's prompt first, off
        // the GUI thread (a person takes their time: the question's deadline starts after).
        dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
          QString why;
          NSData *authorization = AdminAuthorizationExternalForm(&why);
          gate->post([this, answer, reply, authorization, why] {
              if (!authorization) {
                  answer(false, why);
                  return;
              }
              connect(&m_timeout, &QTimer::timeout, this,
                      [answer] { answer(false, QStringLiteral("the helper did not answer")); });
              m_timeout.start();
              id<K8sHostsHelperProtocol> helper =
                  [m_connection->xpc remoteObjectProxyWithErrorHandler:reply];
              [helper uninstallWithAuthorization:authorization reply:reply];
          });
        });
    }
}

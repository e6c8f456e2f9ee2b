#include "core/install/helpercontrol.h"

HelperControl::HelperControl(HelperInstaller *installer, WithdrawBlock withdraw, QObject *parent)
    : QObject(parent)
    , m_installer(installer)
    , m_withdraw(std::move(withdraw))
{
    m_installer->setParent(this);
    connect(m_installer, &HelperInstaller::statusChanged, this, &HelperControl::onStatus);
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_busy)
            m_installer->refresh();
    });
}

void HelperControl::start()
{
    begin();
    m_installer->refresh();
}

void HelperControl::begin()
{
    m_busy = true;
    m_error.clear();
    m_poll.stop();
    Q_EMIT changed();
}

void HelperControl::trigger(Action action)
{
    if (m_busy || !actions().contains(action))
        return;
    switch (action) {
    case Action::Install:
    case Action::Update:
        begin();
        m_installer->install();
        return;
    case Action::OpenLoginItems:
        m_installer->openApprovalSettings();
        m_poll.start(approvalPollMs);
        return;
    case Action::Remove:
        remove();
        return;
    case Action::CheckAgain:
        begin();
        m_installer->refresh();
        return;
    }
}

// A helper that is gone cannot remove our block any more: remove it first, and keep the
// helper when that fails, so the entries can still be removed.
void HelperControl::remove()
{
    begin();
    m_withdraw([this](bool ok, const QString &error) {
        if (!ok) {
            m_busy = false;
            m_error = QStringLiteral("The helper was kept: it must remove k8s-hosts' entries "
                                     "from /etc/hosts first, and that failed (%1); try again")
                          .arg(error);
            Q_EMIT changed();
            return;
        }
        m_installer->uninstall();
    });
}

void HelperControl::onStatus(const HelperStatus &status)
{
    m_busy = false;
    const bool ready = status.ready();
    // Approval happens in System Settings, which tells nobody: look again now and then.
    if (status.state == HelperStatus::State::RequiresApproval)
        m_poll.start(approvalPollMs);
    else
        m_poll.stop();
    const bool nowReady = ready && !m_wasReady;
    m_wasReady = ready;
    Q_EMIT changed();
    if (nowReady)
        Q_EMIT becameReady();
}

QList<HelperControl::Action> HelperControl::actions() const
{
    if (m_busy)
        return {};
    switch (status().state) {
    case HelperStatus::State::Unknown:
    case HelperStatus::State::Unsupported:
        return {};
    case HelperStatus::State::NotInstalled:
        return {Action::Install};
    case HelperStatus::State::RequiresApproval:
        return {Action::OpenLoginItems, Action::CheckAgain};
    case HelperStatus::State::Ready:
        return {Action::Remove};
    case HelperStatus::State::NeedsUpgrade:
        return {Action::Update, Action::Remove};
    case HelperStatus::State::NewerInstalled:
        return {Action::Remove, Action::CheckAgain};
    case HelperStatus::State::NotResponding:
        return {Action::Install, Action::CheckAgain};
    case HelperStatus::State::Failed:
        return {Action::CheckAgain, Action::Install};
    }
    return {};
}

QString HelperControl::label(Action action)
{
    switch (action) {
    case Action::Install:
        return QStringLiteral("Install helper…");
    case Action::OpenLoginItems:
        return QStringLiteral("Open Login Items…");
    case Action::Update:
        return QStringLiteral("Update helper");
    case Action::Remove:
        return QStringLiteral("Remove helper");
    case Action::CheckAgain:
        return QStringLiteral("Check again");
    }
    return {};
}

QString HelperControl::statusText() const
{
    if (m_busy)
        return QStringLiteral("Helper: working…");
    switch (status().state) {
    case HelperStatus::State::Unknown:
        return QStringLiteral("Helper: checking…");
    case HelperStatus::State::NotInstalled:
        return QStringLiteral("Helper: not installed");
    case HelperStatus::State::RequiresApproval:
        return QStringLiteral("Helper: waiting for approval in Login Items");
    case HelperStatus::State::Ready:
        return m_error.isEmpty() ? QStringLiteral("Helper: ready") : QStringLiteral("Helper: kept");
    case HelperStatus::State::NeedsUpgrade:
        return QStringLiteral("Helper: needs an update");
    case HelperStatus::State::NewerInstalled:
        return QStringLiteral("Helper: newer than this app");
    case HelperStatus::State::NotResponding:
        return QStringLiteral("Helper: not answering");
    case HelperStatus::State::Unsupported:
        return QStringLiteral("Helper: not available");
    case HelperStatus::State::Failed:
        break;
    }
    return QStringLiteral("Helper: failed");
}

QString HelperControl::detail() const
{
    return m_error.isEmpty() ? status().message : m_error;
}

#include "app/headless/commandrunner.h"

#include <QLoggingCategory>

#include <cerrno>
#include <csignal>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcCommand, "k8shosts.headless.command", QtInfoMsg)

namespace {

constexpr int reapIntervalMs = 50;
constexpr int reapTicksBeforeKill = 40; // 2 s for background children to end on SIGTERM

bool groupAlive(qint64 group)
{
    return group > 0 && (::kill(pid_t(-group), 0) == 0 || errno == EPERM);
}

} // namespace

CommandRunner::CommandRunner(QStringList command, QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
{
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.setInputChannelMode(QProcess::ForwardedInputChannel);
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        sigset_t none; // the command starts with every signal let through
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
    });
    connect(&m_process, &QProcess::finished, this, &CommandRunner::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            Q_EMIT failedToStart(
                u"cannot run %1: %2"_qs.arg(m_command.value(0), m_process.errorString()));
    });
    m_grace.setSingleShot(true);
    connect(&m_grace, &QTimer::timeout, this, [this] {
        qCWarning(lcCommand).noquote()
            << u"%1 did not stop within %2 s; killing it"_qs.arg(m_command.value(0))
                   .arg(graceMs / 1000);
        kill();
    });
    m_reap.setInterval(reapIntervalMs);
    connect(&m_reap, &QTimer::timeout, this, &CommandRunner::reapGroup);
}

CommandRunner::~CommandRunner()
{
    if (isRunning()) {
        kill();
        m_process.waitForFinished(2000);
    }
    if (groupAlive(m_group))
        ::kill(pid_t(-m_group), SIGKILL);
}

void CommandRunner::start()
{
    m_process.start(m_command.value(0), m_command.mid(1));
    if (!m_process.waitForStarted(-1))
        return; // errorOccurred said why
    m_group = m_process.processId();
    ::setpgid(pid_t(m_group), pid_t(m_group)); // also here: whoever runs first wins the race
    m_ownsTerminal = ::isatty(STDIN_FILENO) && ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
    if (m_ownsTerminal)
        giveTerminalTo(m_group);
}

void CommandRunner::giveTerminalTo(qint64 group)
{
    // A background group changing the terminal's owner would be stopped by SIGTTOU.
    sigset_t block;
    sigset_t previous;
    sigemptyset(&block);
    sigaddset(&block, SIGTTOU);
    ::sigprocmask(SIG_BLOCK, &block, &previous);
    ::tcsetpgrp(STDIN_FILENO, pid_t(group));
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
}

void CommandRunner::forward(int signal)
{
    if (!isRunning())
        return;
    qCInfo(lcCommand).noquote() << u"passing signal %1 on to %2"_qs.arg(signal).arg(
        m_command.value(0));
    ::kill(pid_t(-m_group), signal);
    if (!m_grace.isActive())
        m_grace.start(graceMs);
}

void CommandRunner::kill()
{
    if (m_group > 0)
        ::kill(pid_t(-m_group), SIGKILL);
}

void CommandRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_grace.stop();
    if (m_ownsTerminal)
        giveTerminalTo(::getpgrp());
    // On a crash Qt reports the signal's number as the exit code.
    m_exitCode = status == QProcess::NormalExit ? exitCode : 128 + exitCode;
    if (!groupAlive(m_group)) {
        Q_EMIT finished(m_exitCode);
        return;
    }
    qCInfo(lcCommand).noquote() << u"%1 left processes behind; stopping them"_qs.arg(
        m_command.value(0));
    ::kill(pid_t(-m_group), SIGTERM);
    m_reapTicks = 0;
    m_reap.start();
}

void CommandRunner::reapGroup()
{
    if (!groupAlive(m_group)) {
        m_reap.stop();
        Q_EMIT finished(m_exitCode);
        return;
    }
    if (++m_reapTicks == reapTicksBeforeKill)
        ::kill(pid_t(-m_group), SIGKILL);
}

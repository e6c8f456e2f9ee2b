#include "bench/headlessprocess.h"

#include "bench/benchwait.h"

#include <QFile>
#include <QTimer>

HeadlessProcess::HeadlessProcess(QString program, QStringList arguments, QString readyFile,
                                 QString logFile)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
    , m_readyFile(std::move(readyFile))
    , m_logFile(std::move(logFile))
{
    m_arguments << QStringLiteral("--ready-file") << m_readyFile;
    m_process.setStandardOutputFile(m_logFile);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

HeadlessProcess::~HeadlessProcess()
{
    if (isRunning())
        stop(10000);
}

void HeadlessProcess::setEnvironment(const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
}

void HeadlessProcess::start()
{
    QFile::remove(m_readyFile);
    m_process.start(m_program, m_arguments);
}

bool HeadlessProcess::waitUntilReady(int timeoutMs)
{
    // The harness may poll (the product may not): a look every 2 ms.
    QTimer poll;
    poll.start(2);
    BenchWait::until([this] { return QFile::exists(m_readyFile) || !isRunning(); }, timeoutMs);
    return QFile::exists(m_readyFile) && isRunning();
}

bool HeadlessProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return true;
    m_process.terminate(); // SIGTERM to this PID
    if (BenchWait::until([this] { return !isRunning(); }, timeoutMs))
        return true;
    m_process.kill();
    BenchWait::until([this] { return !isRunning(); }, 5000);
    return false;
}

QString HeadlessProcess::logTail() const
{
    QFile file(m_logFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 1500)
        file.seek(file.size() - 1500);
    return QString::fromUtf8(file.readAll()).trimmed();
}

#include "core/kube/commandlocator.h"

#include <QDir>
#include <QFileInfo>

CommandLocator::CommandLocator(const QStringList &directories)
{
    addDirectories(directories);
}

CommandLocator CommandLocator::fromEnvironment(const QProcessEnvironment &env)
{
    CommandLocator locator(
        env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts));
    const QString home = env.value(QStringLiteral("HOME"), QDir::homePath());
    locator.addDirectories({
        home + QStringLiteral("/.local/bin"),
        home + QStringLiteral("/bin"),
        home + QStringLiteral("/.krew/bin"),
        home + QStringLiteral("/go/bin"),
        QStringLiteral("/opt/homebrew/bin"), // Homebrew on Apple silicon
        QStringLiteral("/usr/local/bin"),    // Homebrew on Intel Macs, manual installs
        QStringLiteral("/home/linuxbrew/.linuxbrew/bin"),
        QStringLiteral("/snap/bin"),
        QStringLiteral("/usr/bin"),
        QStringLiteral("/bin"),
    });
    return locator;
}

void CommandLocator::addDirectories(const QStringList &directories)
{
    for (const QString &directory : directories) {
        const QString clean = QDir::cleanPath(directory);
        if (!clean.isEmpty() && QDir::isAbsolutePath(clean) && !m_directories.contains(clean))
            m_directories.append(clean);
    }
}

QString CommandLocator::find(const QString &command) const
{
    const auto executable = [](const QString &path) {
        const QFileInfo info(path);
        return info.isFile() && info.isExecutable();
    };
    if (command.isEmpty())
        return QString();
    if (command.contains(u'/'))
        return executable(command) ? QFileInfo(command).absoluteFilePath() : QString();
    for (const QString &directory : m_directories) {
        const QString candidate = directory + u'/' + command;
        if (executable(candidate))
            return candidate;
    }
    return QString();
}

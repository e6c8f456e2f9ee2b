#pragma once

#include <QProcessEnvironment>
#include <QStringList>

// Finds a credential plugin's executable the way a terminal would. A GUI started from the
// Dock or a desktop menu gets a bare PATH, so besides $PATH we look in the login shell's PATH
// (when known) and where Homebrew, pipx, krew, go and snap put commands.
class CommandLocator
{
public:
    CommandLocator() = default;
    explicit CommandLocator(const QStringList &directories);

    // $PATH, then the usual install folders under `home` and the system's.
    static CommandLocator fromEnvironment(const QProcessEnvironment &env);

    // Adds folders (e.g. the login shell's PATH) after those already known.
    void addDirectories(const QStringList &directories);

    // An absolute path for `command` (a bare name searched in the folders, or a path that is
    // checked as is), or empty when there is no executable file there.
    QString find(const QString &command) const;

    const QStringList &directories() const { return m_directories; }

private:
    QStringList m_directories;
};

#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

// Asks the user's login shell for its PATH (`$SHELL -l -c`), asynchronously and with a
// timeout, so that commands a terminal finds are found from a GUI too. The answer is kept
// for the life of the process: shells are slow to start.
class LoginShellPath : public QObject
{
    Q_OBJECT

public:
    explicit LoginShellPath(QObject *parent = nullptr);
    ~LoginShellPath() override;

    // The environment whose SHELL and HOME are used (default: the process's).
    void setEnvironment(const QProcessEnvironment &env) { m_env = env; }
    void setTimeout(int milliseconds) { m_timeout.setInterval(milliseconds); }

    // Emits finished() once, from the event loop, even when the answer is already known.
    void start();

    static bool isKnown() { return s_known; }
    static QStringList known() { return s_directories; }
    static void forget(); // tests

Q_SIGNALS:
    void finished(const QStringList &directories);

private:
    void done(const QStringList &directories);

    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QProcess m_process;
    QTimer m_timeout;
    QByteArray m_output;
    bool m_finished = false;
    bool m_timedOut = false;
    static inline bool s_known = false;
    static inline QStringList s_directories;
};

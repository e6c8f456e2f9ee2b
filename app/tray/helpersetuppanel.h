#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;
class QPushButton;

// Above the window's tables while /etc/hosts cannot be written because the privileged
// helper is not installed: what that means, in plain words, and the ways out as buttons —
// the command that installs it (with Copy), "Use a hosts file I own…" and Retry. The
// clusters are watched meanwhile; nothing is lost by waiting.
class HelperSetupPanel : public QFrame
{
    Q_OBJECT
public:
    explicit HelperSetupPanel(QWidget *parent = nullptr);

    // The command that installs the helper for this executable: from its build folder
    // (cmake --install) when it runs from there, else the package.
    static QString installCommand(const QString &executable, const QString &buildDir);

    QString command() const;
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *ownFileButton() const { return m_ownFile; }
    QPushButton *retryButton() const { return m_retry; }

Q_SIGNALS:
    void ownFileRequested();
    void retryRequested();

private:
    QLineEdit *m_command;
    QPushButton *m_copy;
    QPushButton *m_ownFile;
    QPushButton *m_retry;
};

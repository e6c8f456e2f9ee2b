#pragma once

#include <QMainWindow>

class ContextChoices;
class ContextsPanel;
class HelperActions;
class QToolButton;
class MappingsPanel;
class QLabel;
class QMenu;
class HelperSetupPanel;
class ProblemsBanner;
class QSplitter;
class SyncStatus;
class TokenSaver;
class TraySettings;
class WebhookPanel;

// The window: contexts on the left, mappings on the right, problems above them and a
// status bar with the helper's state, the last write and the hosts file. Opened from the
// tray, or instead of it where there is no tray.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(ContextChoices *choices, SyncStatus *status, TokenSaver *tokens,
               TraySettings *settings, QWidget *parent = nullptr);

    ContextsPanel *contexts() const { return m_contexts; }
    MappingsPanel *mappings() const { return m_mappings; }
    WebhookPanel *webhook() const { return m_webhook; }
    QAction *pauseAction() const { return m_pause; }
    QAction *aboutAction() const { return m_about; }
    // Help → About: the version and where the documentation is.
    static QString aboutText();
    ProblemsBanner *problems() const { return m_problems; }
    HelperSetupPanel *helperSetup() const { return m_helperSetup; }
    // The helper is not installed and /etc/hosts is ours through it: say so, with the ways out.
    void setHelperMissing(bool missing);
    // The hosts file is one the user chose ("Use a hosts file I own…"): offer the way back.
    void setOwnHostsFile(bool own) { m_systemHostsFile->setVisible(own); }
    QAction *systemHostsFileAction() const { return m_systemHostsFile; }
    // The kubeconfig file that defines a context (empty: the first one read).
    QString kubeconfigFileFor(const QString &context) const;
    // Shrinks and moves the window so it and its frame stay on the screen.
    void fitToScreen();
    QLabel *helperLabel() const { return m_helper; }
    QLabel *lastWriteLabel() const { return m_lastWrite; }
    QLabel *hostsFileLabel() const { return m_hostsFile; }

    void setHostsFile(const QString &path, const QString &how);
    void setHelperStatus(const QString &text, const QString &toolTip);
    // macOS: the helper's state in the status bar with the action that fits it, and a
    // Helper menu with all of them.
    void setHelperActions(HelperActions *helper);
    QToolButton *helperButton() const { return m_helperButton; }
    // Without a tray, closing the window quits; with one, it only hides the window.
    void setQuitOnClose(bool quit) { m_quitOnClose = quit; }
    void showAndRaise();

Q_SIGNALS:
    void preferencesRequested();
    void pauseToggled(bool paused);
    void removeAllRequested();
    void quitRequested();
    void ownHostsFileRequested(); // "Use a hosts file I own…"
    void helperRetryRequested();
    void systemHostsFileRequested(); // back from a file of one's own to /etc/hosts

protected:
    void closeEvent(QCloseEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createMenus();
    void updateStatus();
    void saveLayout();

    SyncStatus *m_status;
    TraySettings *m_settings;
    ContextsPanel *m_contexts;
    WebhookPanel *m_webhook; // under the contexts, with --webhook-listen
    MappingsPanel *m_mappings;
    QSplitter *m_splitter;
    ProblemsBanner *m_problems;
    HelperSetupPanel *m_helperSetup;
    ContextChoices *m_choices;
    QLabel *m_summary;
    QLabel *m_helper;
    QToolButton *m_helperButton = nullptr;
    QLabel *m_lastWrite;
    QLabel *m_hostsFile;
    QAction *m_pause = nullptr;
    QAction *m_systemHostsFile = nullptr;
    QAction *m_about = nullptr;
    QMenu *m_help = nullptr;
    bool m_quitOnClose = false;
};

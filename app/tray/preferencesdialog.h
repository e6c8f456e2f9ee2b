#pragma once

#include "app/tray/traypreferences.h"

#include <QDialog>
#include <QList>

#include <utility>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QScrollArea;
class QLineEdit;
class PublishingBox;

// Preferences: which sources publish hosts, the block's marker, whether entries stay after
// quitting, where else names go (mDNS, a team's DNS zone), what to be notified of, and
// starting at login. Non-blocking:
// open() it and take preferences() when it is accepted.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    PreferencesDialog(const TrayPreferences &current, bool startAtLoginSupported,
                      QWidget *parent = nullptr);

    TrayPreferences preferences() const;

    QCheckBox *sourceBox(Source source) const;
    QLineEdit *markerEdit() const { return m_marker; }
    QCheckBox *keepEntriesBox() const { return m_keep; }
    QComboBox *notificationsBox() const { return m_notifications; }
    QCheckBox *startAtLoginBox() const { return m_startAtLogin; }
    PublishingBox *publishingBox() const { return m_publishing; }
    QLabel *markerNote() const { return m_markerNote; }
    QDialogButtonBox *buttons() const { return m_buttons; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void validate();

    QList<std::pair<Source, QCheckBox *>> m_sources; // in the order shown
    QLineEdit *m_marker;
    QLabel *m_markerNote;
    QScrollArea *m_scroll = nullptr;
    QCheckBox *m_keep;
    QComboBox *m_notifications;
    QCheckBox *m_startAtLogin;
    PublishingBox *m_publishing;
    QLabel *m_publishingNote;
    QDialogButtonBox *m_buttons;
    QString m_initialMarker;
};

#pragma once

#include <QString>

// "Start at login" on Linux desktops: an XDG autostart entry,
// $XDG_CONFIG_HOME/autostart/io.github.k8shosts.K8sHosts.desktop, that starts this program.
class AutostartEntry
{
public:
    explicit AutostartEntry(QString program); // the executable the entry starts

    static QString path();
    bool isEnabled() const;
    // Writes or removes the entry; false with a sentence in *error.
    bool setEnabled(bool enabled, QString *error);
    QByteArray contents() const;

private:
    QString m_program;
};

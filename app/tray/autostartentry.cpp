#include "app/tray/autostartentry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace {

// The desktop entry spec's quoting for Exec: quote when needed, escape " ` $ and \.
QString quoteExec(const QString &program)
{
    static const QString special = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    if (std::none_of(program.begin(), program.end(), [](QChar c) { return special.contains(c); }))
        return program;
    QString quoted;
    for (QChar c : program) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            quoted += u'\\';
        quoted += c;
    }
    return u'"' + quoted + u'"';
}

} // namespace

AutostartEntry::AutostartEntry(QString program)
    : m_program(std::move(program))
{}

QString AutostartEntry::path()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("autostart/io.github.k8shosts.K8sHosts.desktop"));
}

bool AutostartEntry::isEnabled() const
{
    if (!QFileInfo::exists(path()))
        return false;
    // Desktops switch an entry off with Hidden=true or X-GNOME-Autostart-enabled=false.
    QFile file(path());
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    return !text.contains("\nHidden=true") && !text.contains("\nX-GNOME-Autostart-enabled=false");
}

QByteArray AutostartEntry::contents() const
{
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=K8s Hosts\n"
                          "Comment=Keeps /etc/hosts in step with your Kubernetes Ingresses\n"
                          "Exec=%1\n"
                          "Icon=io.github.k8shosts.K8sHosts\n"
                          "Terminal=false\n"
                          "Categories=Development;Network;\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(quoteExec(m_program))
        .toUtf8();
}

bool AutostartEntry::setEnabled(bool enabled, QString *error)
{
    const QString file = path();
    if (!enabled) {
        if (QFileInfo::exists(file) && !QFile::remove(file)) {
            *error = QStringLiteral("Could not remove %1; delete it by hand to stop k8s-hosts "
                                    "starting at login.")
                         .arg(file);
            return false;
        }
        return true;
    }
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        *error = QStringLiteral("Could not create the folder %1; check its permissions.")
                     .arg(QFileInfo(file).absolutePath());
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(contents()) < 0 || !out.commit()) {
        *error = QStringLiteral("Could not write %1 (%2); check the folder's permissions.")
                     .arg(file, out.errorString());
        return false;
    }
    return true;
}

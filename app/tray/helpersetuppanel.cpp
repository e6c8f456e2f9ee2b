#include "app/tray/helpersetuppanel.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

HelperSetupPanel::HelperSetupPanel(QWidget *parent)
    : QFrame(parent)
    , m_command(new QLineEdit(this))
    , m_copy(new QPushButton(QStringLiteral("&Copy"), this))
    , m_ownFile(new QPushButton(QStringLiteral("Use a hosts file I &own…"), this))
    , m_retry(new QPushButton(QStringLiteral("&Retry"), this))
{
    setObjectName(QStringLiteral("helperSetup"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, p.color(QPalette::AlternateBase));
    setPalette(p);

    auto *title = new QLabel(QStringLiteral("<b>K8s Hosts cannot write /etc/hosts yet</b>"), this);
    auto *explanation = new QLabel(
        QStringLiteral("/etc/hosts belongs to the administrator, so a small helper that comes "
                       "with K8s Hosts writes our part of it for you, after asking for your "
                       "password. It is not installed on this computer. Your clusters are "
                       "watched meanwhile: once the helper is there, press Retry and every "
                       "name is written."),
        this);
    explanation->setWordWrap(true);
    auto *how = new QLabel(QStringLiteral("Install it with:"), this);
    m_command->setReadOnly(true);
    m_command->setText(installCommand(QCoreApplication::applicationFilePath(),
                                      QStringLiteral(K8S_HOSTS_BUILD_DIR)));
    m_command->setCursorPosition(0);
    m_command->setAccessibleName(QStringLiteral("Command that installs the helper"));
    m_ownFile->setToolTip(QStringLiteral("Write the names into a file of yours instead (for a "
                                         "local dnsmasq's addn-hosts, say); K8s Hosts restarts "
                                         "to use it"));

    auto *commandRow = new QHBoxLayout;
    commandRow->addWidget(how);
    commandRow->addWidget(m_command, 1);
    commandRow->addWidget(m_copy);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_ownFile);
    buttons->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(explanation);
    layout->addLayout(commandRow);
    layout->addLayout(buttons);

    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_command->text()); });
    connect(m_ownFile, &QPushButton::clicked, this, &HelperSetupPanel::ownFileRequested);
    connect(m_retry, &QPushButton::clicked, this, &HelperSetupPanel::retryRequested);
}

QString HelperSetupPanel::installCommand(const QString &executable, const QString &buildDir)
{
    if (!buildDir.isEmpty() && executable.startsWith(buildDir + u'/'))
        return QStringLiteral("sudo cmake --install %1 --prefix /usr").arg(buildDir);
    return QStringLiteral("sudo apt install ./k8s-hosts_%1_amd64.deb")
        .arg(QStringLiteral(K8S_HOSTS_VERSION));
}

QString HelperSetupPanel::command() const
{
    return m_command->text();
}

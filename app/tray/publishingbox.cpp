#include "app/tray/publishingbox.h"

#include "core/dns/dnsclient.h"
#include "core/dns/tsigkey.h"
#include "core/dns/txtregistry.h"
#include "core/hosts/hostname.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

PublishingBox::PublishingBox(const TrayPreferences &current, bool mdnsSupported, QWidget *parent)
    : QGroupBox(QStringLiteral("Also publish to"), parent)
    , m_mdns(new QCheckBox(QStringLiteral(".local names on the local &network (mDNS)"), this))
    , m_dns(new QCheckBox(QStringLiteral("A team's &DNS zone (RFC 2136 updates)"), this))
    , m_dnsFields(new QWidget(this))
    , m_server(new QLineEdit(current.dns.server, m_dnsFields))
    , m_zone(new QLineEdit(current.dns.zone, m_dnsFields))
    , m_ttl(new QSpinBox(m_dnsFields))
    , m_owner(new QLineEdit(current.dns.owner, m_dnsFields))
    , m_key(new QLabel(m_dnsFields))
    , m_import(new QPushButton(QStringLiteral("&Import key file…"), m_dnsFields))
    , m_forget(new QPushButton(QStringLiteral("&Forget key"), m_dnsFields))
    , m_resolver(
          new QCheckBox(QStringLiteral("&Wildcard names through a local DNS resolver"), this))
    , m_resolverFields(new QWidget(this))
    , m_resolverDomains(
          new QLineEdit(current.resolver.domains.join(QStringLiteral(", ")), m_resolverFields))
    , m_resolverPort(new QSpinBox(m_resolverFields))
    , m_zoneKept(current.dns)
    , m_newSecret(current.newKeySecret)
{
    m_mdns->setChecked(current.publishMdns && mdnsSupported);
    m_mdns->setEnabled(mdnsSupported);
    m_mdns->setToolTip(mdnsSupported ? QStringLiteral("Phones and other computers on this network "
                                                      "resolve the .local names too; they go "
                                                      "when K8s Hosts quits")
                                     : QStringLiteral("This build has no mDNS publisher"));
    m_dns->setChecked(current.dns.enabled);
    m_server->setPlaceholderText(QStringLiteral("ns1.dev.example.test or 10.0.0.53:5353"));
    m_zone->setPlaceholderText(QStringLiteral("dev.example.test"));
    m_ttl->setRange(1, 86400);
    m_ttl->setValue(int(current.dns.ttl));
    m_ttl->setSuffix(QStringLiteral(" s"));
    m_owner->setPlaceholderText(QStringLiteral("one per user, machine and marker"));
    m_owner->setToolTip(QStringLiteral("Our owner ID in the zone's TXT registry, as ExternalDNS "
                                       "--txt-owner-id: names of other owners are never changed"));
    m_key->setWordWrap(true);

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_import);
    keyRow->addWidget(m_forget);
    auto *form = new QFormLayout(m_dnsFields);
    form->setContentsMargins(24, 0, 0, 0);
    form->addRow(QStringLiteral("&Server:"), m_server);
    form->addRow(QStringLiteral("&Zone:"), m_zone);
    form->addRow(QStringLiteral("&TTL:"), m_ttl);
    form->addRow(QStringLiteral("&Owner ID:"), m_owner);
    form->addRow(QStringLiteral("TSIG key:"), keyRow);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_mdns);
    layout->addWidget(m_dns);
    layout->addWidget(m_dnsFields);
    layout->addWidget(m_resolver);
    layout->addWidget(makeResolverFields(current.resolver));

    for (QCheckBox *box : {m_mdns, m_dns, m_resolver})
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
    for (QLineEdit *edit : {m_server, m_zone, m_owner, m_resolverDomains})
        connect(edit, &QLineEdit::textChanged, this, &PublishingBox::changed);
    connect(m_import, &QPushButton::clicked, this, &PublishingBox::chooseKeyFile);
    connect(m_forget, &QPushButton::clicked, this, [this] {
        m_zoneKept.keyName.clear();
        m_zoneKept.keyAlgorithm.clear();
        m_newSecret.clear();
        m_keyError.clear();
        showKey();
        Q_EMIT changed();
    });
    showKey();
    updateEnabled();
}

QWidget *PublishingBox::makeResolverFields(const TrayResolver &current)
{
    m_resolver->setChecked(current.enabled);
    m_resolver->setToolTip(QStringLiteral(
        "A small DNS server in K8s Hosts answers for these domains, wildcards included "
        "(*.apps.test), and the helper asks the system resolver (dnsmasq, NetworkManager's "
        "dnsmasq, /etc/resolver on macOS) to send them to it"));
    m_resolverDomains->setPlaceholderText(
        QStringLiteral("the wildcards' domains (like apps.test)"));
    m_resolverPort->setRange(1, 65535);
    m_resolverPort->setValue(current.port);
    m_resolverPort->setToolTip(QStringLiteral("On 127.0.0.1 and ::1"));
    auto *form = new QFormLayout(m_resolverFields);
    form->setContentsMargins(24, 0, 0, 0);
    form->addRow(QStringLiteral("Do&mains:"), m_resolverDomains);
    form->addRow(QStringLiteral("&Port:"), m_resolverPort);
    return m_resolverFields;
}

// "apps.test, dev.test" or "apps.test dev.test", normalized; invalid ones as typed.
QStringList PublishingBox::resolverDomains() const
{
    QStringList out;
    for (const QString &part : m_resolverDomains->text().split(
             QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        const QString trimmed = part.endsWith(u'.') ? part.chopped(1) : part;
        const std::optional<QString> domain = Hostname::normalize(trimmed);
        out.append(domain ? *domain : part);
    }
    out.removeDuplicates();
    return out;
}

void PublishingBox::fill(TrayPreferences *p) const
{
    p->resolver.enabled = m_resolver->isChecked();
    p->resolver.domains = resolverDomains();
    p->resolver.port = quint16(m_resolverPort->value());
    p->publishMdns = m_mdns->isChecked();
    p->dns.enabled = m_dns->isChecked();
    p->dns.server = m_server->text().trimmed();
    p->dns.zone = m_zone->text().trimmed().toLower();
    if (p->dns.zone.endsWith(u'.'))
        p->dns.zone.chop(1);
    p->dns.ttl = quint32(m_ttl->value());
    p->dns.owner = m_owner->text().trimmed();
    p->dns.keyName = m_zoneKept.keyName;
    p->dns.keyAlgorithm = m_zoneKept.keyAlgorithm;
    p->newKeySecret = m_newSecret;
}

QString PublishingBox::problem() const
{
    if (m_resolver->isChecked()) {
        for (const QString &domain : resolverDomains()) {
            QString why;
            if (!Hostname::normalize(domain, &why))
                return QStringLiteral("Resolver domain \"%1\" is not a domain: it %2.")
                    .arg(domain, why);
        }
    }
    if (!m_dns->isChecked())
        return {};
    QString error;
    if (m_server->text().trimmed().isEmpty())
        return QStringLiteral("The DNS zone needs its server.");
    if (!DnsServer::parse(m_server->text().trimmed(), &error))
        return QStringLiteral("Server: %1.").arg(error);
    if (m_zone->text().trimmed().isEmpty())
        return QStringLiteral("The DNS zone needs its name.");
    if (!m_owner->text().trimmed().isEmpty() &&
        !TxtRegistry::isValidOwner(m_owner->text().trimmed()))
        return QStringLiteral("Owner ID: 1 to 64 letters, digits, '-', '.', '_' or '@'.");
    return {};
}

bool PublishingBox::importKey(const QString &path)
{
    const auto key = TsigKey::load(path, &m_keyError);
    if (key) {
        m_keyError.clear();
        m_zoneKept.keyName = key->name;
        m_zoneKept.keyAlgorithm = key->algorithm;
        m_newSecret = key->secret;
    }
    showKey();
    Q_EMIT changed();
    return key.has_value();
}

void PublishingBox::chooseKeyFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("TSIG key file (as tsig-keygen writes it)"), QString(),
        QStringLiteral("Key files (*.key *.conf);;All files (*)"));
    if (!path.isEmpty())
        importKey(path);
}

void PublishingBox::showKey()
{
    if (!m_keyError.isEmpty())
        m_key->setText(m_keyError);
    else if (m_zoneKept.keyName.isEmpty())
        m_key->setText(QStringLiteral("None: updates go unsigned"));
    else
        m_key->setText(QStringLiteral("%1 (%2)%3")
                           .arg(m_zoneKept.keyName, m_zoneKept.keyAlgorithm,
                                m_newSecret.isEmpty() ? QStringLiteral(", in the keychain")
                                                      : QStringLiteral(", saved to the keychain "
                                                                       "on OK")));
    m_forget->setEnabled(!m_zoneKept.keyName.isEmpty());
}

void PublishingBox::updateEnabled()
{
    m_dnsFields->setEnabled(m_dns->isChecked());
    m_resolverFields->setEnabled(m_resolver->isChecked());
}

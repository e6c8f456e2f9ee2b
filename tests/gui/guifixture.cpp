#include "tests/gui/guifixture.h"

#include "tests/support/kubeobjects.h"

#include <QDir>
#include <QFile>

GuiFixture::GuiFixture() = default;

QByteArray GuiFixture::originalHosts()
{
    return QByteArrayLiteral("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n");
}

bool GuiFixture::start(QString *error)
{
    if (!m_dir.isValid() || !m_dev.listen(error) || !m_staging.listen(error))
        return false;
    QFile hosts(hostsFile());
    if (!hosts.open(QIODevice::WriteOnly) || hosts.write(originalHosts()) < 0) {
        *error = hosts.errorString();
        return false;
    }
    hosts.close();

    FakeCluster &dev = m_dev.cluster();
    dev.create(
        ResourceKind::Ingress,
        KubeObjects::ingress(QStringLiteral("tyk"), QStringLiteral("dashboard"),
                             {QStringLiteral("chart-dash.local"), QStringLiteral("chart-gw.local")},
                             QStringLiteral("172.18.0.200")));
    dev.create(ResourceKind::Ingress,
               KubeObjects::ingress(QStringLiteral("shop"), QStringLiteral("storefront"),
                                    {QStringLiteral("shop.test")}, QStringLiteral("172.18.0.201")));
    dev.create(ResourceKind::Service,
               KubeObjects::loadBalancerService(QStringLiteral("shop"), QStringLiteral("api"),
                                                {QStringLiteral("api.shop.test")},
                                                QStringLiteral("172.18.0.202")));
    dev.create(ResourceKind::Ingress,
               KubeObjects::ingress(QStringLiteral("docs"), QStringLiteral("docs"),
                                    {QStringLiteral("docs.dtk.io")},
                                    QStringLiteral("172.18.0.203")));
    dev.create(ResourceKind::Ingress,
               KubeObjects::ingress(QStringLiteral("monitoring"), QStringLiteral("grafana"),
                                    {QStringLiteral("grafana.local")}));
    dev.create(ResourceKind::Ingress,
               KubeObjects::ingress(QStringLiteral("shop"), QStringLiteral("previews"),
                                    {QStringLiteral("*.preview.shop.test")},
                                    QStringLiteral("172.18.0.201")));
    dev.create(
        ResourceKind::Gateway,
        KubeObjects::gateway(
            QStringLiteral("web"), QStringLiteral("gw"),
            {{QStringLiteral("http"), {}, 80, QStringLiteral("HTTP"), QStringLiteral("Same")}},
            {QStringLiteral("172.18.0.210")}));
    dev.create(ResourceKind::HTTPRoute,
               KubeObjects::httpRoute(QStringLiteral("web"), QStringLiteral("site"),
                                      {QStringLiteral("www.example.test")},
                                      {{{}, QStringLiteral("gw"), {}, 0}}));

    FakeCluster &staging = m_staging.cluster();
    staging.create(ResourceKind::Ingress,
                   KubeObjects::ingress(QStringLiteral("default"), QStringLiteral("api"),
                                        {QStringLiteral("api.staging.internal")},
                                        QStringLiteral("10.20.0.15")));
    // Claims a name kind-dev already serves, from a newer object: kind-dev keeps it.
    staging.create(ResourceKind::Ingress,
                   KubeObjects::ingress(QStringLiteral("tyk"), QStringLiteral("dashboard"),
                                        {QStringLiteral("chart-dash.local")},
                                        QStringLiteral("10.20.0.99")));

    KubeconfigWriter devConfig = m_dev.kubeconfig();
    devConfig.setContextName(QStringLiteral("kind-dev"));
    KubeconfigWriter stagingConfig = m_staging.kubeconfig();
    stagingConfig.setContextName(QStringLiteral("staging"));
    return devConfig.write(m_dir.filePath(QStringLiteral("dev.yaml")), error) &&
           stagingConfig.write(m_dir.filePath(QStringLiteral("staging.yaml")), error);
}

KubeconfigSources GuiFixture::kubeconfig() const
{
    KubeconfigSources sources;
    sources.kubeconfigEnv = m_dir.filePath(QStringLiteral("dev.yaml")) + u':' +
                            m_dir.filePath(QStringLiteral("staging.yaml")) + u':' +
                            extraKubeconfig();
    sources.homeDir = m_dir.path();
    sources.workingDir = m_dir.path();
    sources.serviceAccountDir = m_dir.filePath(QStringLiteral("no-service-account"));
    return sources;
}

Workspace::Options GuiFixture::workspaceOptions() const
{
    Workspace::Options options;
    options.kubeconfig = kubeconfig();
    options.engine.marker = QStringLiteral("K8S-HOSTS");
    options.engine.hostsFile = hostsFile();
    options.useKeychain = false;
    return options;
}

QByteArray GuiFixture::hostsText() const
{
    QFile file(hostsFile());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList GuiFixture::blockLines() const
{
    QStringList lines;
    bool inside = false;
    for (const QByteArray &line : hostsText().split('\n')) {
        if (line.startsWith("#### BEGIN "))
            inside = true;
        else if (line.startsWith("#### END "))
            inside = false;
        else if (inside)
            lines.append(QString::fromUtf8(line.left(line.indexOf('#'))).simplified());
    }
    return lines;
}

TrayApp::Setup GuiFixture::traySetup(QSettings *settings, const QString &hostsFile) const
{
    TrayApp::Setup setup;
    setup.options.kubeconfig = kubeconfig();
    setup.options.hostsFile = hostsFile;
    setup.settings = settings;
    setup.socketPath = dir() + QStringLiteral("/instance.socket");
    setup.useKeychain = false;
    return setup;
}

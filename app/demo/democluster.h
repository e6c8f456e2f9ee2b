#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

// The README's first command: a simulated local cluster (the project's test API server as
// a child process) with Ingresses, Services and routes that come, change and go, a
// kubeconfig pointing at it, and a hosts file under the user's data directory, so the
// whole product can be seen working without a cluster and without root.
class DemoCluster : public QObject
{
    Q_OBJECT
public:
    explicit DemoCluster(QObject *parent = nullptr);
    ~DemoCluster() override;

    // Starts the server; ready() or failed() follows, and failed() again if it stops later.
    void start();
    QString kubeconfigPath() const { return m_dir.filePath(QStringLiteral("kubeconfig")); }
    static QString contextName() { return QStringLiteral("fake-apiserver"); }
    static QString hostsFilePath(); // ~/.local/share/k8s-hosts/demo-hosts
    static QString serverProgram(); // next to k8s-hosts, or in the build tree

Q_SIGNALS:
    void ready(const QString &url);
    void failed(const QString &error);

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QByteArray m_output;
};

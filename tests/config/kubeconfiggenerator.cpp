#include "tests/config/kubeconfiggenerator.h"

#include <QDir>
#include <QFile>

KubeconfigGenerator::KubeconfigGenerator(quint32 seed, const QString &root)
    : m_random(seed)
    , m_root(root)
{}

void KubeconfigGenerator::write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
}

// A string value, quoted in one of the ways YAML allows (all of them mean the same text).
QString KubeconfigGenerator::scalar(const QString &value)
{
    switch (m_random.bounded(3)) {
    case 0:
        return u'"' + value + u'"';
    case 1:
        return u'\'' + value + u'\'';
    default:
        // Plain is only safe for text YAML 1.1 would not read as a bool, number or null.
        return value.isEmpty() || value.front().isDigit() ? u'"' + value + u'"' : value;
    }
}

// A path to a PEM-ish file: relative to the kubeconfig, in a shared folder, or absolute;
// sometimes left missing so that --flatten must fail.
QString KubeconfigGenerator::referencedFile(const QString &fileDir, const QString &kind)
{
    const QString name = QStringLiteral("%1-%2.pem").arg(kind).arg(m_random.bounded(3));
    QString path;
    switch (m_random.bounded(4)) {
    case 0:
        path = name;
        break;
    case 1:
        path = QStringLiteral("sub/") + name;
        break;
    case 2:
        path = QStringLiteral("../shared/") + name;
        break;
    default:
        path = m_root + QStringLiteral("/abs/") + name;
        break;
    }
    const QString absolute = QDir::cleanPath(QDir(fileDir).filePath(path));
    if (!chance(8))
        write(absolute, (QStringLiteral("-----PEM %1-----\n").arg(absolute)).toUtf8());
    return path;
}

QString KubeconfigGenerator::clusterYaml(const QString &fileDir)
{
    QString y = QStringLiteral("    server: %1\n")
                    .arg(scalar(pick({QStringLiteral("https://10.1.2.3:6443"),
                                      QStringLiteral("https://api.example.test/prefix"),
                                      QStringLiteral("127.0.0.1:6443"),
                                      QStringLiteral("http://localhost:8080")})));
    if (chance(40))
        y += QStringLiteral("    certificate-authority: %1\n")
                 .arg(scalar(referencedFile(fileDir, QStringLiteral("ca"))));
    else if (chance(40))
        y += QStringLiteral("    certificate-authority-data: %1\n")
                 .arg(QString::fromLatin1(QByteArray("CA-DATA-")
                                              .append(QByteArray::number(m_random.bounded(99)))
                                              .toBase64()));
    if (chance(15))
        y += QStringLiteral("    insecure-skip-tls-verify: %1\n")
                 .arg(pick(
                     {QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("yes")}));
    if (chance(25))
        y += QStringLiteral("    tls-server-name: %1\n").arg(scalar(QStringLiteral("kubernetes")));
    if (chance(20))
        y += QStringLiteral("    proxy-url: %1\n")
                 .arg(scalar(pick({QStringLiteral("http://proxy.test:3128"),
                                   QStringLiteral("socks5://127.0.0.1:1080")})));
    if (chance(15))
        y += QStringLiteral("    disable-compression: true\n");
    if (m_trap && chance(60)) {
        m_trap = false;
        y += pick({QStringLiteral("    tls-server-name: n\n"),
                   QStringLiteral("    disable-compression: \"true\"\n"),
                   QStringLiteral("    proxy-url: 8080\n")});
    }
    return y;
}

QString KubeconfigGenerator::userYaml(const QString &fileDir)
{
    QString y;
    if (chance(40))
        y += QStringLiteral("    token: %1\n")
                 .arg(scalar(QStringLiteral("tok-%1").arg(m_random.bounded(1000))));
    if (chance(20))
        y += QStringLiteral("    tokenFile: %1\n")
                 .arg(scalar(
                     pick({QStringLiteral("token.txt"), QStringLiteral("../shared/token")})));
    if (chance(35)) {
        if (chance(50))
            y += QStringLiteral("    client-certificate: %1\n    client-key: %2\n")
                     .arg(scalar(referencedFile(fileDir, QStringLiteral("cert"))),
                          scalar(referencedFile(fileDir, QStringLiteral("key"))));
        else
            y += QStringLiteral("    client-certificate-data: %1\n    client-key-data: %2\n")
                     .arg(QString::fromLatin1(QByteArray("CERT").toBase64()),
                          QString::fromLatin1(QByteArray("KEY").toBase64()));
    }
    if (chance(10))
        y += QStringLiteral("    username: %1\n    password: %2\n")
                 .arg(scalar(QStringLiteral("admin")), scalar(QStringLiteral("s3cret")));
    if (chance(30)) {
        y += QStringLiteral("    exec:\n      command: %1\n      apiVersion: %2\n")
                 .arg(scalar(pick({QStringLiteral("aws"), QStringLiteral("./bin/plugin"),
                                   QStringLiteral("gke-gcloud-auth-plugin")})),
                      scalar(pick({QStringLiteral("client.authentication.k8s.io/v1"),
                                   QStringLiteral("client.authentication.k8s.io/v1beta1")})));
        const int args = int(m_random.bounded(4));
        if (args == 0)
            y += QStringLiteral("      args: null\n");
        else if (args == 1)
            y += QStringLiteral("      args: []\n");
        else if (args == 2)
            y += QStringLiteral("      args: [eks, get-token, --cluster-name, %1]\n")
                     .arg(scalar(QStringLiteral("prod")));
        if (chance(50))
            y += QStringLiteral("      env:\n      - name: AWS_PROFILE\n        value: %1\n")
                     .arg(scalar(QStringLiteral("dev")));
        if (chance(40))
            y += QStringLiteral("      interactiveMode: %1\n")
                     .arg(pick({QStringLiteral("Never"), QStringLiteral("IfAvailable")}));
        if (chance(40))
            y += QStringLiteral("      provideClusterInfo: true\n");
        if (chance(40))
            y += QStringLiteral("      installHint: %1\n")
                     .arg(scalar(QStringLiteral("Install the plugin first")));
    }
    if (chance(5))
        y += QStringLiteral("    auth-provider:\n      name: oidc\n      config:\n"
                            "        client-id: %1\n")
                 .arg(scalar(QStringLiteral("k8s")));
    return y.isEmpty() ? QStringLiteral("    {}\n") : y;
}

QString KubeconfigGenerator::fileYaml(const QString &fileDir, int index)
{
    const QStringList clusterNames{QStringLiteral("kind-dev"), QStringLiteral("prod"),
                                   QStringLiteral("staging"), QStringLiteral("minikube"),
                                   QStringLiteral("edge")};
    const QStringList userNames{QStringLiteral("admin"), QStringLiteral("dev"),
                                QStringLiteral("ci"), QStringLiteral("kind-dev")};
    QString y = chance(70) ? QStringLiteral("apiVersion: v1\nkind: Config\n") : QString();
    QStringList used;
    y += QStringLiteral("clusters:\n");
    for (int i = int(m_random.bounded(4)); i > 0; --i) {
        const QString name = pick(clusterNames);
        if (used.contains(name))
            continue; // a name used twice in one file is an error; tested separately
        used.append(name);
        y += QStringLiteral("- name: %1\n  cluster:\n%2").arg(scalar(name), clusterYaml(fileDir));
    }
    used.clear();
    y += QStringLiteral("users:\n");
    for (int i = int(m_random.bounded(4)); i > 0; --i) {
        const QString name = pick(userNames);
        if (used.contains(name))
            continue;
        used.append(name);
        y += QStringLiteral("- name: %1\n  user:\n%2").arg(scalar(name), userYaml(fileDir));
    }
    used.clear();
    y += QStringLiteral("contexts:\n");
    for (int i = int(m_random.bounded(5)); i > 0; --i) {
        const QString name = pick(clusterNames) + (chance(30) ? QStringLiteral("-b") : QString());
        if (used.contains(name))
            continue;
        used.append(name);
        if (!m_contextNames.contains(name))
            m_contextNames.append(name);
        y += QStringLiteral("- name: %1\n  context:\n    cluster: %2\n    user: %3\n")
                 .arg(scalar(name), scalar(pick(clusterNames)),
                      scalar(pick(userNames + QStringList{QStringLiteral("ghost")})));
        if (chance(50))
            y += QStringLiteral("    namespace: %1\n")
                     .arg(scalar(pick({QStringLiteral("team-a"), QStringLiteral("kube-system")})));
    }
    const int current = int(m_random.bounded(4));
    if (current == 1)
        y += QStringLiteral("current-context: \"\"\n");
    else if (current >= 2 && !used.isEmpty())
        y += QStringLiteral("current-context: %1\n")
                 .arg(scalar(current == 2 ? pick(used) : QStringLiteral("gone-%1").arg(index)));
    return y;
}

KubeconfigGenerator::Set KubeconfigGenerator::generate()
{
    Set set;
    set.home = m_root + QStringLiteral("/home");
    set.workDir = m_root + QStringLiteral("/work");
    QDir().mkpath(set.home);
    QDir().mkpath(set.workDir);
    m_trap = chance(25);
    const int fileCount = 1 + int(m_random.bounded(4));
    QStringList files;
    for (int i = 0; i < fileCount; ++i) {
        const QString dir =
            m_root + QStringLiteral("/files/%1").arg(QChar(u'a' + int(m_random.bounded(3))));
        const QString path = dir + QStringLiteral("/config-%1.yaml").arg(i);
        write(path, fileYaml(dir, i).toUtf8());
        files.append(path);
    }
    const int mode = int(m_random.bounded(10));
    if (mode < 7) {
        // KUBECONFIG with missing, duplicate, empty and working-folder-relative entries.
        QStringList entries;
        for (const QString &file : std::as_const(files)) {
            entries.append(chance(30) ? QDir(set.workDir).relativeFilePath(file) : file);
            if (chance(15))
                entries.append(m_root + QStringLiteral("/missing-%1.yaml").arg(entries.size()));
            if (chance(10))
                entries.append(QString());
            if (chance(10))
                entries.append(entries.first());
        }
        set.kubeconfigEnv = entries.join(u':');
        set.kubeconfigEnvSet = true;
        set.description = QStringLiteral("KUBECONFIG with %1 files").arg(files.size());
    } else if (mode < 9) {
        set.explicitPath =
            chance(50) ? QDir(set.workDir).relativeFilePath(files.first()) : files.first();
        set.kubeconfigEnv = files.last();
        set.kubeconfigEnvSet = true;
        set.description = QStringLiteral("--kubeconfig overriding KUBECONFIG");
    } else {
        // ~/.kube/config, with relative paths resolved against ~/.kube.
        const QString config = set.home + QStringLiteral("/.kube/config");
        write(config, fileYaml(set.home + QStringLiteral("/.kube"), 9).toUtf8());
        set.kubeconfigEnvSet = chance(50); // an empty KUBECONFIG counts as unset
        set.description = QStringLiteral("~/.kube/config");
    }
    set.contextNames = m_contextNames;
    return set;
}

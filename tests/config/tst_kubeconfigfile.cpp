// Hostile kubeconfig files: every one a clear error sentence, never a crash or a hang.
#include "core/config/kubeconfigfile.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

class TestKubeconfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void hostileContent_data();
    void hostileContent();
    void missingFileIsReportedAsMissing();
    void directoryIsAnError();
    void fifoIsAnErrorNotAHang();
    void hugeFileIsAnError();
    void unreadableFileIsAnError();
    void randomBytesNeverCrash();
    void utf16WithBomLoads();
    void jsonLoads();

private:
    QString write(const QByteArray &content);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestKubeconfigFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestKubeconfigFile::write(const QByteArray &content)
{
    const QString path = m_dir->filePath(QStringLiteral("config"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write(content);
    return path;
}

void TestKubeconfigFile::hostileContent_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("malformed") << QByteArray("clusters:\n- name: a\n  cluster: {server: x\n")
                               << QStringLiteral("not valid YAML");
    QTest::newRow("tab indentation")
        << QByteArray("clusters:\n\t- name: a\n") << QStringLiteral("not valid YAML");
    QTest::newRow("number for a string")
        << QByteArray("clusters:\n- name: a\n  cluster: {server: 6443}\n")
        << QStringLiteral("clusters[0].cluster.server must be a string, not a number");
    QTest::newRow("yes for a string")
        << QByteArray("contexts:\n- name: a\n  context: {namespace: no}\n")
        << QStringLiteral("contexts[0].context.namespace must be a string, not a boolean");
    QTest::newRow("string for a bool")
        << QByteArray("clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: \"true\"}\n")
        << QStringLiteral("insecure-skip-tls-verify must be true or false, not a string");
    QTest::newRow("mapping for a list")
        << QByteArray("clusters: {a: b}\n") << QStringLiteral("clusters must be a list");
    QTest::newRow("scalar list item")
        << QByteArray("users: [admin]\n") << QStringLiteral("users[0] must be a mapping");
    QTest::newRow("list at the top")
        << QByteArray("- a\n- b\n") << QStringLiteral("top level must be a mapping");
    QTest::newRow("scalar at the top")
        << QByteArray("hello\n") << QStringLiteral("top level must be a mapping");
    QTest::newRow("duplicate name")
        << QByteArray("users:\n- name: a\n  user: {}\n- name: a\n  user: {}\n")
        << QStringLiteral("users has two entries named \"a\"");
    QTest::newRow("bad base64")
        << QByteArray("clusters:\n- name: a\n  cluster: {certificate-authority-data: \"no!\"}\n")
        << QStringLiteral("certificate-authority-data is not valid base64");
    QTest::newRow("exec args not strings")
        << QByteArray("users:\n- name: a\n  user: {exec: {args: [{a: b}]}}\n")
        << QStringLiteral("users[0].user.exec.args[0] must be a string, not a mapping");
    QTest::newRow("env item wrong")
        << QByteArray("users:\n- name: a\n  user: {exec: {env: [{name: [1]}]}}\n")
        << QStringLiteral("users[0].user.exec.env[0].name must be a string, not a list");
    QTest::newRow("deep nesting") << QByteArray(50000, '[') + QByteArray(50000, ']')
                                  << QStringLiteral("nested too deeply");
}

void TestKubeconfigFile::hostileContent()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = write(content);
    const KubeconfigFile file = KubeconfigFile::read(path);
    QCOMPARE(file.status(), KubeconfigFile::Status::Failed);
    QVERIFY2(file.error().contains(expected), qPrintable(file.error()));
    QVERIFY2(file.error().contains(path), qPrintable(file.error()));
}

void TestKubeconfigFile::missingFileIsReportedAsMissing()
{
    const KubeconfigFile file = KubeconfigFile::read(m_dir->filePath(QStringLiteral("nope")));
    QCOMPARE(file.status(), KubeconfigFile::Status::Missing);
    QVERIFY(file.error().contains(u"does not exist"));
}

void TestKubeconfigFile::directoryIsAnError()
{
    const KubeconfigFile file = KubeconfigFile::read(m_dir->path());
    QCOMPARE(file.status(), KubeconfigFile::Status::Failed);
    QVERIFY2(file.error().contains(u"is a directory"), qPrintable(file.error()));
}

void TestKubeconfigFile::fifoIsAnErrorNotAHang()
{
    const QString path = m_dir->filePath(QStringLiteral("fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    const KubeconfigFile file = KubeconfigFile::read(path);
    QCOMPARE(file.status(), KubeconfigFile::Status::Failed);
    QVERIFY2(file.error().contains(u"not a regular file"), qPrintable(file.error()));
}

void TestKubeconfigFile::hugeFileIsAnError()
{
    const QString path = write("clusters: []\n");
    QFile file(path);
    QVERIFY(file.resize(KubeconfigFile::maxSize + 4096)); // sparse: no disk used
    const KubeconfigFile result = KubeconfigFile::read(path);
    QCOMPARE(result.status(), KubeconfigFile::Status::Failed);
    QVERIFY2(result.error().contains(u"larger than 16 MiB"), qPrintable(result.error()));
}

void TestKubeconfigFile::unreadableFileIsAnError()
{
    QString path;
    if (::geteuid() == 0) {
        // Root reads past permissions; /proc/self/mem opens but fails to read at offset 0.
        path = QStringLiteral("/proc/self/mem");
    } else {
        path = write("clusters: []\n");
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    }
    const KubeconfigFile file = KubeconfigFile::read(path);
    QCOMPARE(file.status(), KubeconfigFile::Status::Failed);
    QVERIFY2(file.error().contains(u"cannot be read"), qPrintable(file.error()));
}

void TestKubeconfigFile::randomBytesNeverCrash()
{
    QRandomGenerator random(42);
    const QByteArray valid = "apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: "
                             "https://x}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n"
                             "- name: c\n  context: {cluster: a, user: u}\n";
    for (int i = 0; i < 300; ++i) {
        QByteArray content = valid;
        // Mutate a few bytes, insert YAML punctuation, or truncate.
        for (int m = 0; m < 1 + int(random.bounded(6)); ++m) {
            const int at = int(random.bounded(content.size()));
            const char punctuation[] = "[]{}:,-&*!|>'\"%@`#\t\n ";
            content[at] = random.bounded(2)
                              ? char(random.bounded(256))
                              : punctuation[random.bounded(int(sizeof punctuation) - 1)];
        }
        if (random.bounded(5) == 0)
            content.truncate(int(random.bounded(content.size())));
        const KubeconfigFile file = KubeconfigFile::parse(content, QStringLiteral("fuzz"));
        QVERIFY(file.status() == KubeconfigFile::Status::Loaded || !file.error().isEmpty());
    }
}

void TestKubeconfigFile::utf16WithBomLoads()
{
    const QString yaml = QStringLiteral("current-context: ctx\ncontexts:\n- name: ctx\n  context: "
                                        "{cluster: c}\n");
    QByteArray content("\xFF\xFE", 2);
    content.append(reinterpret_cast<const char *>(yaml.utf16()), yaml.size() * 2);
    const KubeconfigFile file = KubeconfigFile::read(write(content));
    QVERIFY2(file.status() == KubeconfigFile::Status::Loaded, qPrintable(file.error()));
    QCOMPARE(file.content().currentContext, QStringLiteral("ctx"));
}

void TestKubeconfigFile::jsonLoads()
{
    const KubeconfigFile file = KubeconfigFile::read(
        write(R"({"kind":"Config","clusters":[{"name":"a","cluster":{"server":"https://s",)"
              R"("certificate-authority-data":"aGVsbG8="}}]})"));
    QVERIFY2(file.status() == KubeconfigFile::Status::Loaded, qPrintable(file.error()));
    QCOMPARE(file.content().clusters.size(), 1);
    QCOMPARE(file.content().clusters.first().value.certificateAuthorityData, QByteArray("hello"));
}

QTEST_GUILESS_MAIN(TestKubeconfigFile)
#include "tst_kubeconfigfile.moc"

// LoginShellPath: the login shell's PATH despite profile noise, and never a hang.
#include "core/kube/loginshellpath.h"
#include "tests/kube/pluginscript.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestLoginShellPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readsPathBetweenBanners();
    void hangingShellTimesOut();
    void missingShellGivesNothing();
    void answerIsKeptForTheProcess();

private:
    QStringList ask(const QString &shell, int timeoutMs = 20000);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLoginShellPath::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    LoginShellPath::forget();
}

QStringList TestLoginShellPath::ask(const QString &shell, int timeoutMs)
{
    LoginShellPath probe;
    QProcessEnvironment env;
    env.insert(QStringLiteral("SHELL"), shell);
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    probe.setEnvironment(env);
    probe.setTimeout(timeoutMs);
    QSignalSpy finished(&probe, &LoginShellPath::finished);
    probe.start();
    if (!finished.wait(30000))
        return {QStringLiteral("no answer")};
    return finished.first().first().toStringList();
}

void TestLoginShellPath::readsPathBetweenBanners()
{
    const QString shell = PluginScript::write(
        m_dir->path(), QStringLiteral("shell"),
        "echo 'Last login: today'; PATH=\"/opt/homebrew/bin:$HOME/.krew/bin:$PATH\"\n"
        "HOME=/home/u; PATH=\"/opt/homebrew/bin:/home/u/.krew/bin:/usr/bin:/bin\"; export PATH\n"
        "shift 2\n/bin/sh -c \"$1\"\necho 'bye from .bash_logout'\n");
    QCOMPARE(ask(shell), (QStringList{u"/opt/homebrew/bin"_qs, u"/home/u/.krew/bin"_qs,
                                      u"/usr/bin"_qs, u"/bin"_qs}));
}

void TestLoginShellPath::hangingShellTimesOut()
{
    // A profile that waits for input that never comes.
    const QString shell =
        PluginScript::write(m_dir->path(), QStringLiteral("shell"), "exec tail -f /dev/null\n");
    QCOMPARE(ask(shell, 200), QStringList());
    QVERIFY(LoginShellPath::isKnown()); // not asked again
}

void TestLoginShellPath::missingShellGivesNothing()
{
    QCOMPARE(ask(m_dir->filePath(QStringLiteral("no-such-shell"))), QStringList());
}

void TestLoginShellPath::answerIsKeptForTheProcess()
{
    const QString shell = PluginScript::write(m_dir->path(), QStringLiteral("shell"),
                                              "shift 2\nPATH=/first; export PATH\n"
                                              "/bin/sh -c \"$1\"\n");
    QCOMPARE(ask(shell), QStringList{u"/first"_qs});
    QCOMPARE(PluginScript::runs(m_dir->path()), 1);
    QCOMPARE(ask(shell), QStringList{u"/first"_qs});
    QCOMPARE(PluginScript::runs(m_dir->path()), 1);
}

QTEST_GUILESS_MAIN(TestLoginShellPath)
#include "tst_loginshellpath.moc"

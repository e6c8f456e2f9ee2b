#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostsblock.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

namespace {

EntryValidator validator()
{
    return EntryValidator(NamePolicy(), ReservedNames(u"devbox"_qs));
}

} // namespace

class TestEntryValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptsAndCanonicalises();
    void states_data();
    void states();
    void commentRules_data();
    void commentRules();
    void reviewSortsAndDeduplicates();
    void reviewCapsAddressesPerHost();
    void reviewReportsShadowedNames();
    void reviewCapsEntryCount();
    void everyAcceptedLineFitsTheLimit();
    void arrangeIsReviewsLastStep();
    void renderedSizeIsTheRenderedLength();
    void reviewAfterAnEarlierOneDecidesTheSame();
};

void TestEntryValidator::acceptsAndCanonicalises()
{
    // Neighbours of reserved names are fine.
    for (const char *name : {"metadata.local", "mywpad.lan", "devbox2.local", "api.devbox.local",
                             "host.containers.test", "ec2.test"}) {
        const auto ok = validator().check({u"10.0.0.1"_qs, QString::fromLatin1(name), {}});
        QVERIFY2(ok.isActive(), qPrintable(ok.reason));
    }

    const auto verdict =
        validator().check({u"FD00:0::1"_qs, u"Chart-Dash.LOCAL"_qs, u"kind/tyk/Ingress/dash"_qs});
    QVERIFY2(verdict.isActive(), qPrintable(verdict.reason));
    QCOMPARE(verdict.entry,
             (HostEntry{u"fd00::1"_qs, u"chart-dash.local"_qs, u"kind/tyk/Ingress/dash"_qs}));
}

void TestEntryValidator::states_data()
{
    QTest::addColumn<HostEntry>("entry");
    QTest::addColumn<int>("state");
    const auto row = [](const char *name, HostEntry e, EntryState s) {
        QTest::newRow(name) << e << int(s);
    };
    row("wildcard", {u"10.0.0.1"_qs, u"*.apps.local"_qs, {}}, EntryState::Wildcard);
    row("newline host", {u"10.0.0.1"_qs, u"a.local\n8.8.8.8 evil.com"_qs, {}},
        EntryState::InvalidHost);
    row("bad ip", {u"10.0.0.1 evil.local"_qs, u"a.local"_qs, {}}, EntryState::InvalidAddress);
    row("hostname as ip", {u"lb.amazonaws.com"_qs, u"a.local"_qs, {}}, EntryState::InvalidAddress);
    row("comment hash", {u"10.0.0.1"_qs, u"a.local"_qs, u"x # y"_qs}, EntryState::InvalidComment);
    row("comment newline", {u"10.0.0.1"_qs, u"a.local"_qs, u"x\n8.8.8.8 evil.com"_qs},
        EntryState::InvalidComment);
    row("localhost", {u"10.0.0.1"_qs, u"localhost"_qs, {}}, EntryState::Reserved);
    row("machine name", {u"10.0.0.1"_qs, u"DEVBOX"_qs, {}}, EntryState::Reserved);
    row("docker internal", {u"10.0.0.1"_qs, u"host.docker.internal"_qs, {}}, EntryState::Reserved);
    // Names programs here trust: cloud metadata, proxy discovery, container runtimes' hosts,
    // and this machine's name under the local suffixes.
    for (const char *name :
         {"metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal",
          "ip-10-0-0-1.ec2.internal", "ip-10-0-0-1.eu-west-1.compute.internal", "wpad.lan",
          "wpad.local", "host.containers.internal", "host.lima.internal",
          "host.rancher-desktop.internal", "devbox.local", "devbox.localdomain", "devbox.lan"})
        row(name, {u"10.0.0.1"_qs, QString::fromLatin1(name), {}}, EntryState::Reserved);
    row("google", {u"10.0.0.1"_qs, u"accounts.google.com"_qs, {}}, EntryState::BlockedByPolicy);
    row("public ip", {u"34.1.2.3"_qs, u"a.local"_qs, {}}, EntryState::BlockedByPolicy);
    row("metadata ip", {u"169.254.169.254"_qs, u"a.local"_qs, {}}, EntryState::BlockedByPolicy);
    row("long line",
        {u"fd00:1111:2222:3333:4444:5555:6666:7777"_qs,
         QString(60, u'a') + u"."_qs + QString(60, u'b') + u"."_qs + QString(60, u'c') + u"."_qs +
             QString(60, u'd') + u".lan"_qs,
         u"some/comment"_qs},
        EntryState::LineTooLong);
}

void TestEntryValidator::states()
{
    QFETCH(HostEntry, entry);
    QFETCH(int, state);
    const auto verdict = validator().check(entry);
    QCOMPARE(int(verdict.state), state);
    QVERIFY(!verdict.reason.isEmpty());
    QVERIFY(!verdict.reason.contains(u'\n'));
}

void TestEntryValidator::commentRules_data()
{
    QTest::addColumn<QString>("comment");
    QTest::addColumn<bool>("ok");
    QTest::newRow("context path") << u"kind-dev/tyk/Ingress/dashboard"_qs << true;
    QTest::newRow("single spaces") << u"from kind: tyk/dash"_qs << true;
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("double space") << u"a  b"_qs << false;
    QTest::newRow("leading space") << u" a"_qs << false;
    QTest::newRow("tab") << u"a\tb"_qs << false;
    QTest::newRow("hash") << u"a#b"_qs << false;
    QTest::newRow("control") << u"a\x01"_qs << false;
    QTest::newRow("unicode") << u"caf\u00e9"_qs << false;
    QTest::newRow("hostctl end") << u"endpoints/x"_qs << false;
    QTest::newRow("hostctl profile") << u"Profile.on x"_qs << false;
    QTest::newRow("too long") << QString(121, u'a') << false;
    QTest::newRow("switchhosts marker") << u"---=SWITCHHOSTS_CONTENT_START=---"_qs << false;
    QTest::newRow("switchhosts in a name") << u"ctx/ns/Ingress/switchhosts"_qs << false;
    QTest::newRow("end inside a name") << u"kind-end-to-end/ns/Ingress/x"_qs << true;
}

void TestEntryValidator::commentRules()
{
    QFETCH(QString, comment);
    QFETCH(bool, ok);
    QCOMPARE(EntryValidator::commentProblem(comment).isEmpty(), ok);
}

void TestEntryValidator::reviewSortsAndDeduplicates()
{
    const HostEntries input = {
        {u"10.0.0.2"_qs, u"b.local"_qs, {}},   {u"10.0.0.1"_qs, u"a.local"_qs, {}},
        {u"::1"_qs, u"a.local"_qs, {}},      // an IPv6 line beside the IPv4 one
        {u"10.0.0.1"_qs, u"A.local"_qs, {}}, // the same line twice is one line
        {u"10.0.0.9"_qs, u"a.local"_qs, {}}, // a second IPv4 address is a line of its own
        {u"10.0.0.3"_qs, u"*.x.local"_qs, {}},
    };
    const auto review = validator().review(input, {});
    QCOMPARE(review.accepted, (HostEntries{{u"10.0.0.1"_qs, u"a.local"_qs, {}},
                                           {u"10.0.0.9"_qs, u"a.local"_qs, {}},
                                           {u"::1"_qs, u"a.local"_qs, {}},
                                           {u"10.0.0.2"_qs, u"b.local"_qs, {}}}));
    QCOMPARE(review.rejected.size(), 1);
    QCOMPARE(int(review.rejected[0].state), int(EntryState::Wildcard));
}

void TestEntryValidator::reviewCapsAddressesPerHost()
{
    // Nine addresses for one name: the first eight in order are written, the ninth refused
    // with the reason; another name is not affected.
    HostEntries input;
    for (int i = 9; i >= 1; --i)
        input.append({u"10.0.0.%1"_qs.arg(i), u"many.local"_qs, {}});
    input.append({u"10.0.0.1"_qs, u"one.local"_qs, {}});
    const auto review = validator().review(input, {});
    QCOMPARE(review.accepted.size(), EntryValidator::maxAddressesPerHost + 1);
    QCOMPARE(review.accepted.first().ip, u"10.0.0.1"_qs);
    QCOMPARE(review.accepted.at(7).ip, u"10.0.0.8"_qs);
    QCOMPARE(review.accepted.last().host, u"one.local"_qs);
    QCOMPARE(review.rejected.size(), 1);
    QCOMPARE(int(review.rejected[0].state), int(EntryState::TooManyAddresses));
    QCOMPARE(review.rejected[0].entry.ip, u"10.0.0.9"_qs);
    QVERIFY(review.rejected[0].reason.contains(u"at most 8"));
}

void TestEntryValidator::reviewReportsShadowedNames()
{
    const auto review = validator().review(
        {{u"10.0.0.1"_qs, u"nas.lan"_qs, {}}, {u"10.0.0.2"_qs, u"web.lan"_qs, {}}},
        {u"nas.lan"_qs});
    QCOMPARE(review.accepted.size(), 1);
    QCOMPARE(review.rejected.size(), 1);
    QCOMPARE(int(review.rejected[0].state), int(EntryState::Shadowed));
}

void TestEntryValidator::reviewCapsEntryCount()
{
    HostEntries many;
    for (int i = 0; i < EntryValidator::maxEntries + 5; ++i)
        many.append({u"10.0.0.1"_qs, u"h%1.local"_qs.arg(i), {}});
    const auto review = validator().review(many, {});
    QCOMPARE(review.accepted.size(), EntryValidator::maxEntries);
    QCOMPARE(review.rejected.size(), 5);
    QCOMPARE(int(review.rejected[0].state), int(EntryState::TooMany));
}

void TestEntryValidator::everyAcceptedLineFitsTheLimit()
{
    // The longest name with the longest address and comment either fits or is refused.
    QString host;
    for (int i = 0; i < 3; ++i)
        host += QString(63, QChar(u'a' + i)) + u"."_qs;
    host += QString(55, u'z') + u".local"_qs;
    QCOMPARE(host.size(), 253);
    const auto verdict =
        validator().check({u"fd00:1111:2222:3333:4444:5555:6666:7777"_qs, host, {}});
    if (verdict.isActive())
        QVERIFY(HostsBlock::renderEntry(verdict.entry).size() <= 256);
    else
        QCOMPARE(int(verdict.state), int(EntryState::LineTooLong));
}

void TestEntryValidator::arrangeIsReviewsLastStep()
{
    // Checked entries in any order: arrange sorts, writes each line once and refuses
    // addresses over the limit, as review() does after its checks.
    HostEntries checked = {
        {u"10.0.0.2"_qs, u"b.local"_qs, {}}, {u"10.0.0.9"_qs, u"a.local"_qs, {}},
        {u"::1"_qs, u"a.local"_qs, {}},      {u"10.0.0.1"_qs, u"a.local"_qs, {}},
        {u"10.0.0.2"_qs, u"b.local"_qs, {}},
    };
    for (int i = 1; i <= 6; ++i)
        checked.append({u"fd00::%1"_qs.arg(i), u"a.local"_qs, {}});
    const auto arranged = EntryValidator::arrange(checked);
    QCOMPARE(arranged.accepted.size(), 9); // eight of a.local, one of b.local
    QCOMPARE(arranged.accepted.first(), (HostEntry{u"10.0.0.1"_qs, u"a.local"_qs, {}}));
    QCOMPARE(arranged.accepted.last(), (HostEntry{u"10.0.0.2"_qs, u"b.local"_qs, {}}));
    QCOMPARE(arranged.rejected.size(), 1);
    QCOMPARE(int(arranged.rejected[0].state), int(EntryState::TooManyAddresses));
    const auto reviewed = validator().review(checked, {});
    QCOMPARE(reviewed.accepted, arranged.accepted);
    QCOMPARE(reviewed.rejected.size(), arranged.rejected.size());
}

void TestEntryValidator::renderedSizeIsTheRenderedLength()
{
    const HostEntries entries = {
        {u"10.0.0.1"_qs, u"a.local"_qs, {}},
        {u"fd00::1"_qs, u"web.team.internal"_qs, u"ctx/ns/Ingress/web"_qs},
        {u"10.0.0.1"_qs, u"h\u00e9.local"_qs, u"caf\u00e9 \u2603"_qs}, // Latin-1 and beyond: '?'
        {{}, {}, {}},
    };
    for (const HostEntry &entry : entries)
        QCOMPARE(HostsBlock::renderedSize(entry), HostsBlock::renderEntry(entry).size());
    QCOMPARE(HostsBlock::renderEntry(entries[1]),
             "fd00::1 web.team.internal  # ctx/ns/Ingress/web\n");
    QCOMPARE(HostsBlock::render(u"M", entries.first(2)),
             "#### BEGIN M ####\n10.0.0.1 a.local\nfd00::1 web.team.internal  # "
             "ctx/ns/Ingress/web\n#### END M ####\n");
}

// An earlier review saves checks, never changes a verdict: the same entries accepted and
// rejected, for the same reasons, whatever was accepted before and whatever is shadowed now.
void TestEntryValidator::reviewAfterAnEarlierOneDecidesTheSame()
{
    const QStringList hosts = {u"a.local"_qs,   u"A.local"_qs,    u"b.test"_qs,   u"nas.lan"_qs,
                               u"*.w.local"_qs, u"google.com"_qs, u"localhost"_qs};
    const QStringList ips = {u"10.0.0.1"_qs,  u"10.0.0.2"_qs, u"fd00::1"_qs,
                             u"010.0.0.1"_qs, u"8.8.8.8"_qs,  u"x"_qs};
    const QStringList comments = {{}, u"ctx/ns/Ingress/a"_qs, u"end of it"_qs};
    const QList<QSet<QString>> outside = {{}, {u"nas.lan"_qs}, {u"a.local"_qs}};
    const auto describe = [](const EntryValidator::Review &r) {
        QStringList out;
        for (const HostEntry &e : r.accepted)
            out << e.ip + u' ' + e.host + u' ' + e.comment;
        for (const EntryVerdict &v : r.rejected)
            out << u"rejected "_qs + v.entry.host + u' ' + v.reason;
        return out;
    };
    for (quint32 seed = 1; seed <= 500; ++seed) {
        QRandomGenerator rng(seed);
        const auto randomEntries = [&] {
            HostEntries entries;
            for (int i = int(rng.bounded(8)); i > 0; --i)
                entries.append({ips[rng.bounded(ips.size())], hosts[rng.bounded(hosts.size())],
                                comments[rng.bounded(comments.size())]});
            if (rng.bounded(4) != 0) // what the app sends is sorted; a shuffled set too
                std::sort(entries.begin(), entries.end());
            return entries;
        };
        const auto earlier =
            validator().review(randomEntries(), outside[rng.bounded(outside.size())]);
        const HostEntries now =
            randomEntries() + earlier.accepted.first(rng.bounded(earlier.accepted.size() + 1));
        HostEntries sorted = now;
        std::sort(sorted.begin(), sorted.end());
        for (const HostEntries &entries : {now, sorted}) {
            const QSet<QString> names = outside[rng.bounded(outside.size())];
            QCOMPARE(describe(validator().review(entries, names, earlier.accepted)),
                     describe(validator().review(entries, names)));
        }
    }
}

QTEST_GUILESS_MAIN(TestEntryValidator)
#include "tst_entryvalidator.moc"

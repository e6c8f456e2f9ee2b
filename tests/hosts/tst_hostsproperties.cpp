// Random files × random desired sets → the engine's invariants, seeded and reproducible
// (K8S_HOSTS_SEED=n replays one seed).
#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostsblock.h"
#include "core/hosts/hostsdocument.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

const QString marker = u"K8S-HOSTS"_qs;

class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_random(seed)
    {}

    int below(int n) { return int(m_random.bounded(n)); }

    QByteArray foreignLine()
    {
        static const QByteArray pieces[] = {"127.0.0.1 localhost",
                                            "::1 localhost ip6-localhost",
                                            "# a comment",
                                            "",
                                            "10.0.0.5\tnas.lan\t# tab",
                                            "   ",
                                            "#### BEGIN K8S-HOSTS-EXTRA ####",
                                            "#### END OTHER ####",
                                            "# #### BEGIN K8S-HOSTS ####",
                                            "# --- not switchhosts ---",
                                            "0.0.0.0 ads.example.com",
                                            "\xef\xbb\xbf# bom",
                                            "caf\xe9 \xff\xfe",
                                            "\x01\x02\x03",
                                            "# Added by Docker Desktop",
                                            "# End of section",
                                            "# profile.on x",
                                            "# end"};
        QByteArray line = pieces[below(int(std::size(pieces)))];
        if (below(5) == 0)
            line += QByteArray(below(40), char('a' + below(26)));
        return line;
    }

    QByteArray ending()
    {
        switch (below(6)) {
        case 0:
            return "\r\n";
        case 1:
            return "\r";
        default:
            return "\n";
        }
    }

    // A file of foreign lines, maybe holding one of our blocks, maybe ending mid-line.
    QByteArray file()
    {
        QByteArray out;
        const int lines = below(30);
        const int blockAt = below(3) == 0 ? below(lines + 1) : -1;
        for (int i = 0; i <= lines; ++i) {
            if (i == blockAt) {
                // Marker lines are whole lines: '\n'-terminated (a '\r' before it is allowed).
                if (!out.isEmpty() && !out.endsWith('\n'))
                    out += '\n';
                const QByteArray eol = below(2) ? "\n" : "\r\n";
                out += HostsBlock::beginLine(marker) + eol;
                for (const HostEntry &e : entries())
                    out += HostsBlock::renderEntry(e);
                out += HostsBlock::endLine(marker) + eol;
            }
            if (i < lines)
                out += foreignLine() + ending();
        }
        if (below(4) == 0)
            out += foreignLine(); // no final newline
        return out;
    }

    HostEntries entries()
    {
        static const QString hosts[] = {
            u"a.local"_qs,  u"b.test"_qs,  u"c.internal"_qs, u"*.w.local"_qs,    u"localhost"_qs,
            u"evil.com"_qs, u"nas.lan"_qs, u"UPPER.lan"_qs,  u"bad host.lan"_qs, u"d.example"_qs};
        static const QString ips[] = {u"10.0.0.1"_qs, u"172.18.0.200"_qs, u"::1"_qs,
                                      u"fd00::5"_qs,  u"8.8.8.8"_qs,      u"169.254.169.254"_qs,
                                      u"not-an-ip"_qs};
        static const QString comments[] = {QString(), u"kind/ns/Ingress/x"_qs, u"x # y"_qs};
        HostEntries out;
        const int n = below(12);
        for (int i = 0; i < n; ++i)
            out.append({ips[below(int(std::size(ips)))], hosts[below(int(std::size(hosts)))],
                        comments[below(int(std::size(comments)))]});
        return out;
    }

private:
    QRandomGenerator m_random;
};

} // namespace

class TestHostsProperties : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void invariantsHold();
};

void TestHostsProperties::invariantsHold()
{
    const EntryValidator validator(NamePolicy(), ReservedNames(u"devbox"_qs));
    const QByteArray only = qgetenv("K8S_HOSTS_SEED");
    const quint32 first = only.isEmpty() ? 1 : only.toUInt();
    const quint32 last = only.isEmpty() ? 20000 : first;
    for (quint32 seed = first; seed <= last; ++seed) {
        Generator gen(seed);
        const QByteArray original = gen.file();
        QString error;
        const auto doc = HostsDocument::parse(original, marker, &error);
        QVERIFY2(doc, qPrintable(u"seed %1: %2"_qs.arg(seed).arg(error)));
        const QByteArray outside = doc->withoutBlock();
        if (!doc->hasBlock())
            QVERIFY2(outside == original, qPrintable(u"seed %1"_qs.arg(seed)));

        const auto review = validator.review(gen.entries(), doc->namesOutsideBlock());
        const QByteArray applied = doc->withEntries(review.accepted);
        const auto after = HostsDocument::parse(applied, marker, &error);
        QVERIFY2(after, qPrintable(u"seed %1: %2"_qs.arg(seed).arg(error)));
        // Outside bytes are untouched; the block holds exactly what was accepted, sorted.
        QVERIFY2(after->withoutBlock() == outside, qPrintable(u"seed %1"_qs.arg(seed)));
        QVERIFY2(after->entries() == review.accepted, qPrintable(u"seed %1"_qs.arg(seed)));
        QVERIFY(std::is_sorted(review.accepted.begin(), review.accepted.end()));
        // Nothing refused, reserved or shadowed reaches the file; every line stays short.
        for (const HostEntry &e : after->entries()) {
            QVERIFY(validator.check(e).isActive());
            QVERIFY(!doc->namesOutsideBlock().contains(e.host));
            QVERIFY(HostsBlock::renderEntry(e).size() <= 256);
        }
        // Applying the same set again changes nothing (so nothing is rewritten).
        QVERIFY2(after->withEntries(review.accepted) == applied,
                 qPrintable(u"seed %1"_qs.arg(seed)));
        // Clearing gives back the outside bytes exactly.
        QVERIFY2(after->withoutBlock() == outside, qPrintable(u"seed %1"_qs.arg(seed)));
    }
}

QTEST_GUILESS_MAIN(TestHostsProperties)
#include "tst_hostsproperties.moc"

// libFuzzer entry point for WatchEventParser. The first input byte picks the line cap, the
// second the chunking; the rest is the stream. The same bytes are fed whole, in pseudo-random
// chunks and byte by byte: all three must give identical outputs, and the buffer must never
// grow past the cap. Built as a fuzzer (-DWITH_FUZZERS=ON, clang) and, in every build, into
// the corpus replay test.
#include "core/kube/watcheventparser.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *why)
{
    std::fprintf(stderr, "WatchEventParser invariant broken: %s\n", why);
    std::abort();
}

void collect(const QList<WatchEventParser::Output> &outputs, QList<QByteArray> &seen)
{
    for (const auto &output : outputs) {
        if (output.isError()) {
            seen << "error: " + output.error.toUtf8();
            continue;
        }
        seen << QByteArray::number(int(output.event.type)) + ' ' +
                    QJsonDocument(output.event.object).toJson(QJsonDocument::Compact);
    }
}

template <typename NextSize>
QList<QByteArray> run(QByteArrayView stream, qsizetype cap, NextSize nextSize)
{
    WatchEventParser parser(cap);
    QList<QByteArray> seen;
    while (!stream.isEmpty()) {
        const qsizetype size = std::min(stream.size(), nextSize());
        collect(parser.feed(stream.first(size)), seen);
        stream = stream.sliced(size);
        if (parser.bufferedBytes() > cap)
            fail("the buffer grew past the line cap");
    }
    collect(parser.finish(), seen);
    if (parser.bufferedBytes() != 0)
        fail("finish() left bytes behind");
    return seen;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const qsizetype cap = 8 + qsizetype(data[0]) * 16;
    quint32 state = 0x9e3779b9u ^ data[1];
    const QByteArrayView stream(data + 2, qsizetype(size - 2));

    const QList<QByteArray> whole = run(stream, cap, [&] { return stream.size(); });
    const QList<QByteArray> chunked = run(stream, cap, [&] {
        state = state * 1664525u + 1013904223u; // a tiny LCG: reproducible splits
        return qsizetype(1 + (state >> 24) % 97);
    });
    if (chunked != whole)
        fail("chunked feeding gave other outputs than feeding the whole stream");
    if (stream.size() <= 4096 && run(stream, cap, [] { return qsizetype(1); }) != whole)
        fail("byte-by-byte feeding gave other outputs than feeding the whole stream");
    return 0;
}

#include "core/hosts/ipaddress.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cstdint>

namespace {

AddressScope scopeOfV4(uint32_t a)
{
    const auto in = [a](uint32_t net, int bits) {
        const uint32_t mask = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
        return (a & mask) == net;
    };
    if (a == 0xFFFFFFFFu)
        return AddressScope::Broadcast;
    if (in(0x00000000, 8))
        return AddressScope::Unspecified;
    if (in(0x7F000000, 8))
        return AddressScope::Loopback;
    if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16))
        return AddressScope::Private;
    if (in(0x64400000, 10))
        return AddressScope::SharedCgnat;
    if (in(0xA9FE0000, 16))
        return AddressScope::LinkLocal;
    if (in(0xE0000000, 4))
        return AddressScope::Multicast;
    if (in(0xF0000000, 4))
        return AddressScope::Reserved;
    return AddressScope::Public;
}

AddressScope scopeOfV6(const std::array<uint8_t, 16> &b)
{
    bool allZero = true;
    for (int i = 0; i < 15; ++i)
        allZero = allZero && b[i] == 0;
    if (allZero && b[15] == 0)
        return AddressScope::Unspecified;
    if (allZero && b[15] == 1)
        return AddressScope::Loopback;
    if (b[0] == 0xFF)
        return AddressScope::Multicast;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return AddressScope::LinkLocal;
    if ((b[0] & 0xFE) == 0xFC)
        return AddressScope::UniqueLocal;
    // Deprecated site-local fec0::/10 and the discard/documentation prefixes never route.
    if ((b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) || (b[0] == 0x01 && b[1] == 0x00) ||
        (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8))
        return AddressScope::Reserved;
    return AddressScope::Public;
}

// inet_ntop's text for an IPv4 address without its printf: this runs for every entry.
void formatV4(uint32_t hostOrder, char *out)
{
    for (int shift = 24; shift >= 0; shift -= 8) {
        const unsigned octet = (hostOrder >> shift) & 0xFF;
        if (octet >= 100)
            *out++ = char('0' + octet / 100);
        if (octet >= 10)
            *out++ = char('0' + octet / 10 % 10);
        *out++ = char('0' + octet % 10);
        if (shift > 0)
            *out++ = '.';
    }
    *out = '\0';
}

} // namespace

std::optional<IpAddress> IpAddress::parse(QStringView text)
{
    // inet_pton is strict already; the length cap keeps hostile input cheap to reject.
    if (text.isEmpty() || text.size() > 45)
        return std::nullopt;
    // On the stack: this runs for every entry of every write.
    char latin[46] = {};
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c == u'%' || c == 0 || c > 0x7f)
            return std::nullopt; // a zone index, or nothing inet_pton could read
        latin[i] = char(c);
    }

    IpAddress address;
    char buffer[INET6_ADDRSTRLEN] = {};
    if (in_addr v4{}; inet_pton(AF_INET, latin, &v4) == 1) {
        formatV4(ntohl(v4.s_addr), buffer);
        address.m_scope = scopeOfV4(ntohl(v4.s_addr));
    } else if (in6_addr v6{}; inet_pton(AF_INET6, latin, &v6) == 1) {
        std::array<uint8_t, 16> bytes{};
        std::copy(std::begin(v6.s6_addr), std::end(v6.s6_addr), bytes.begin());
        // An IPv4-mapped address (::ffff:a.b.c.d) is written as the IPv4 address it means.
        const bool mapped =
            std::all_of(bytes.begin(), bytes.begin() + 10, [](uint8_t b) { return b == 0; }) &&
            bytes[10] == 0xFF && bytes[11] == 0xFF;
        if (mapped) {
            in_addr embedded{};
            std::copy(bytes.begin() + 12, bytes.end(), reinterpret_cast<uint8_t *>(&embedded));
            inet_ntop(AF_INET, &embedded, buffer, sizeof buffer);
            address.m_scope = scopeOfV4(ntohl(embedded.s_addr));
        } else {
            inet_ntop(AF_INET6, &v6, buffer, sizeof buffer);
            address.m_v6 = true;
            address.m_scope = scopeOfV6(bytes);
        }
    } else {
        return std::nullopt;
    }
    address.m_text = QString::fromLatin1(buffer);
    return address;
}

QString describeScope(AddressScope scope)
{
    switch (scope) {
    case AddressScope::Loopback:
        return QStringLiteral("loopback");
    case AddressScope::Private:
        return QStringLiteral("private (RFC 1918)");
    case AddressScope::SharedCgnat:
        return QStringLiteral("shared (CGNAT)");
    case AddressScope::UniqueLocal:
        return QStringLiteral("unique local (IPv6)");
    case AddressScope::LinkLocal:
        return QStringLiteral("link-local");
    case AddressScope::Multicast:
        return QStringLiteral("multicast");
    case AddressScope::Unspecified:
        return QStringLiteral("unspecified");
    case AddressScope::Broadcast:
        return QStringLiteral("broadcast");
    case AddressScope::Reserved:
        return QStringLiteral("reserved");
    case AddressScope::Public:
        return QStringLiteral("public");
    }
    return {};
}

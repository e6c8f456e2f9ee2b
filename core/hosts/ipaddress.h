#pragma once

#include <QString>

#include <optional>

// Where an address points. The name policy allows the private kinds by default and never
// the kinds that would let a cluster aim at the cloud metadata service or a whole network.
enum class AddressScope
{
    Loopback,    // 127.0.0.0/8, ::1
    Private,     // RFC 1918
    SharedCgnat, // 100.64.0.0/10
    UniqueLocal, // fc00::/7
    LinkLocal,   // 169.254.0.0/16, fe80::/10 (cloud metadata lives here)
    Multicast,   // 224.0.0.0/4, ff00::/8
    Unspecified, // 0.0.0.0/8, ::
    Broadcast,   // 255.255.255.255
    Reserved,    // 240.0.0.0/4 and other never-routable ranges
    Public,
};

// An IPv4 or IPv6 address parsed strictly (inet_pton rules: no octal, no shorthand IPv4,
// no zone ids) and printed canonically, so what we write is what every resolver reads.
class IpAddress
{
public:
    static std::optional<IpAddress> parse(QStringView text);

    QString toString() const { return m_text; }
    bool isIpv6() const { return m_v6; }
    AddressScope scope() const { return m_scope; }

private:
    QString m_text;
    bool m_v6 = false;
    AddressScope m_scope = AddressScope::Public;
};

QString describeScope(AddressScope scope);

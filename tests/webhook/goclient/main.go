// A Go client that calls a webhook provider as ExternalDNS's does, with Go's own net/http
// and encoding/json (standard library only, so it builds with Debian's Go and no module
// downloads). Its requests, headers, URL joining and status checks mirror
// kubernetes-sigs/external-dns provider/webhook/webhook.go (commit 2bf1bf8: newProvider,
// Records, ApplyChanges, AdjustEndpoints); its types carry the JSON tags of
// endpoint/endpoint.go (Endpoint) and plan/plan.go (Changes).
//
// Usage: goclient PROVIDER_URL   (exits 0 and prints "ok", or prints what failed)
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"time"
)

const mediaType = "application/external.dns.webhook+json;version=1"

type ProviderSpecificProperty struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
}

type Endpoint struct {
	DNSName          string                     `json:"dnsName,omitempty"`
	Targets          []string                   `json:"targets,omitempty"`
	RecordType       string                     `json:"recordType,omitempty"`
	SetIdentifier    string                     `json:"setIdentifier,omitempty"`
	RecordTTL        int64                      `json:"recordTTL,omitempty"`
	Labels           map[string]string          `json:"labels,omitempty"`
	ProviderSpecific []ProviderSpecificProperty `json:"providerSpecific,omitempty"`
}

type Changes struct {
	Create    []*Endpoint `json:"create,omitempty"`
	UpdateOld []*Endpoint `json:"updateOld,omitempty"`
	UpdateNew []*Endpoint `json:"updateNew,omitempty"`
	Delete    []*Endpoint `json:"delete,omitempty"`
}

type DomainFilter struct {
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

type provider struct {
	client *http.Client
	url    *url.URL
}

// newProvider: GET the URL as given with Accept; the Content-Type must be exactly the media
// type.
func newProvider(u string) (*provider, DomainFilter, error) {
	var df DomainFilter
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, df, err
	}
	client := &http.Client{Timeout: 15 * time.Second} // read 5 s + write 10 s
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, df, err
	}
	req.Header.Set("Accept", mediaType)
	resp, err := client.Do(req)
	if err != nil {
		return nil, df, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return nil, df, fmt.Errorf("negotiation: unexpected status code %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != mediaType {
		return nil, df, fmt.Errorf("wrong content type returned from server: %s", ct)
	}
	if err := json.NewDecoder(resp.Body).Decode(&df); err != nil {
		return nil, df, fmt.Errorf("failed to unmarshal response body of DomainFilter: %w", err)
	}
	return &provider{client, parsed}, df, nil
}

func (p *provider) records() ([]*Endpoint, error) {
	req, err := http.NewRequest(http.MethodGet, p.url.JoinPath("records").String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", mediaType)
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("failed to get records with code %d", resp.StatusCode)
	}
	var endpoints []*Endpoint
	err = json.NewDecoder(resp.Body).Decode(&endpoints)
	return endpoints, err
}

// applyChanges: POST with Content-Type only; anything but 204 is a failure.
func (p *provider) applyChanges(changes *Changes) error {
	b := new(bytes.Buffer)
	if err := json.NewEncoder(b).Encode(changes); err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, p.url.JoinPath("/records").String(), b)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mediaType)
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("failed to apply changes with code %d", resp.StatusCode)
	}
	return nil
}

func (p *provider) adjustEndpoints(e []*Endpoint) ([]*Endpoint, error) {
	u, err := url.JoinPath(p.url.String(), "/adjustendpoints")
	if err != nil {
		return nil, err
	}
	b := new(bytes.Buffer)
	if err := json.NewEncoder(b).Encode(e); err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, u, b)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mediaType)
	req.Header.Set("Accept", mediaType)
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("failed to AdjustEndpoints with code %d", resp.StatusCode)
	}
	var endpoints []*Endpoint
	err = json.NewDecoder(resp.Body).Decode(&endpoints)
	return endpoints, err
}

func run(u string) error {
	p, df, err := newProvider(u)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(df.Include, []string{"apps.test"}) {
		return fmt.Errorf("domain filter %+v", df)
	}
	labels := map[string]string{"owner": "default", "resource": "ingress/default/app"}
	a := &Endpoint{DNSName: "app.apps.test", Targets: []string{"192.168.122.10"},
		RecordType: "A", Labels: labels}
	aaaa := &Endpoint{DNSName: "app.apps.test", Targets: []string{"fd00::10", "fd00::11"},
		RecordType: "AAAA", RecordTTL: 300, Labels: labels}
	txt := &Endpoint{DNSName: "a-app.apps.test", RecordType: "TXT",
		Targets: []string{"\"heritage=external-dns,external-dns/owner=default," +
			"external-dns/resource=ingress/default/app\""},
		ProviderSpecific: []ProviderSpecificProperty{{Name: "webhook/x", Value: "1"}}}
	adjusted, err := p.adjustEndpoints([]*Endpoint{a, aaaa})
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(adjusted, []*Endpoint{a, aaaa}) {
		return fmt.Errorf("adjustendpoints changed the endpoints")
	}
	before, err := p.records()
	if err != nil {
		return err
	}
	if len(before) != 0 {
		return fmt.Errorf("%d records before the first apply", len(before))
	}
	if err := p.applyChanges(&Changes{Create: []*Endpoint{a, aaaa, txt}}); err != nil {
		return err
	}
	after, err := p.records()
	if err != nil {
		return err
	}
	// The registry's ownership works only if what we stored comes back exactly.
	for _, want := range []*Endpoint{a, aaaa, txt} {
		found := false
		for _, got := range after {
			found = found || reflect.DeepEqual(got, want)
		}
		if !found {
			return fmt.Errorf("record %+v did not come back as sent: %+v", want, after)
		}
	}
	a2 := &Endpoint{DNSName: "app.apps.test", Targets: []string{"192.168.122.11"},
		RecordType: "A", Labels: labels}
	err = p.applyChanges(&Changes{UpdateOld: []*Endpoint{a}, UpdateNew: []*Endpoint{a2},
		Delete: []*Endpoint{aaaa}})
	if err != nil {
		return err
	}
	final, err := p.records()
	if err != nil {
		return err
	}
	if len(final) != 2 {
		return fmt.Errorf("%d records after the update, want 2", len(final))
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goclient PROVIDER_URL")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Println("failed:", err)
		os.Exit(1)
	}
	fmt.Println("ok")
}

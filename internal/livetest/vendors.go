package livetest

import (
	"fmt"
	"strings"

	pd "github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

// vendor is a vendor's name and the environment variables that configure
// the provider for it: all of one of the sets in needs. The other settings
// (endpoints, region, appid) have defaults or are optional, and are read
// from the environment the same way when set.
type vendor struct {
	name  string
	needs [][]pd.Setting
}

var (
	trueWatch = vendor{name: "TrueWatch", needs: [][]pd.Setting{{pd.TrueWatchAPIKey}}}
	virtuozzo = vendor{name: "Virtuozzo", needs: [][]pd.Setting{{pd.VirtuozzoAPIURL, pd.VirtuozzoToken}}}
	ocamba    = vendor{name: "Ocamba", needs: [][]pd.Setting{{pd.OcambaToken}}}
	talkdesk  = vendor{name: "Talkdesk", needs: [][]pd.Setting{
		{pd.TalkdeskAccessToken},
		{pd.TalkdeskClientID, pd.TalkdeskClientSecret, pd.TalkdeskAccount},
		{pd.TalkdeskClientID, pd.TalkdeskClientSecret, pd.TalkdeskTokenURL},
	}}
)

// missing is "" when getenv configures the vendor, else a sentence naming
// the variables each way of configuring it lacks.
func (v vendor) missing(getenv func(string) string) string {
	ways := make([]string, 0, len(v.needs))
	for _, set := range v.needs {
		var lacks []string
		for _, s := range set {
			if getenv(s.EnvVar) == "" {
				lacks = append(lacks, s.EnvVar)
			}
		}
		if len(lacks) == 0 {
			return ""
		}
		ways = append(ways, strings.Join(lacks, " and "))
	}
	return fmt.Sprintf("%s is not configured: set %s", v.name, strings.Join(ways, "; or set "))
}

package mention_test

import (
	"reflect"
	"testing"

	"github.com/scsgraph/scsgraph/loaders/mention"
)

func testExtractor() *mention.Extractor {
	return mention.NewExtractor([]mention.Target{
		{ID: "actor/pboc", Aliases: []string{"People's Bank of China", "PBOC", "中国人民银行", "central bank"}},
		{ID: "actor/ndrc", Aliases: []string{"National Development and Reform Commission", "NDRC", "国家发展和改革委员会"}},
		{ID: "actor/state", Aliases: []string{"state", "the state"}},
		{ID: "concept/scs", Aliases: []string{"social credit system", "SCS", "social credit"}},
		{ID: "concept/credit", Aliases: []string{"credit"}},
		{ID: "concept/orientalism", Aliases: []string{"Orientalism"}},
		{ID: "concept/techno-orientalism", Aliases: []string{"Techno-orientalism"}},
		{ID: "concept/state-surveillance", Aliases: []string{"state surveillance"}},
		{ID: "concept/shared-a", Aliases: []string{"shared alias"}},
		{ID: "concept/shared-b", Aliases: []string{"Shared Alias"}},
	})
}

func TestExtractorFind(t *testing.T) {
	t.Parallel()
	x := testExtractor()
	for _, tc := range []struct {
		name, text string
		want       []string // ids in order
	}{
		{"chinese name", "中国人民银行发布了新规定。", []string{"actor/pboc"}},
		{"chinese name inside han text", "他在中国人民银行和国家发展和改革委员会工作", []string{"actor/pboc", "actor/ndrc"}},
		{"case-insensitive", "THE PEOPLE'S BANK OF CHINA and the pboc", []string{"actor/pboc", "actor/pboc"}},
		{"curly apostrophe", "the People’s Bank of China", []string{"actor/pboc"}},
		{"unicode hyphen", "techno‐orientalism and techno–orientalism", []string{"concept/techno-orientalism", "concept/techno-orientalism"}},
		{"hyphen as space", "techno orientalism; social-credit system", []string{"concept/techno-orientalism", "concept/scs"}},
		{"extra spaces and line break", "social   credit\nsystem", []string{"concept/scs"}},
		{"longest match", "the social credit system and credit", []string{"concept/scs", "concept/credit"}},
		{"longest match inside a hyphenated word", "Techno-orientalism supplements Orientalism", []string{"concept/techno-orientalism", "concept/orientalism"}},
		{"longest of overlapping aliases", "state surveillance by the state", []string{"concept/state-surveillance", "actor/state"}},
		{"word boundary: statement", "a statement about states and stateless people", nil},
		{"word boundary: plural acronym", "SCSs differ", nil},
		{"word boundary: creditworthiness", "creditworthiness", nil},
		{"punctuation around", "(SCS), “state”, PBOC.", []string{"concept/scs", "actor/state", "actor/pboc"}},
		{"hyphen after", "state-centered SCS-related", []string{"actor/state", "concept/scs"}},
		{"shared alias names both", "a shared alias", []string{"concept/shared-a", "concept/shared-b"}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, m := range x.Find(tc.text) {
				got = append(got, m.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestExtractorNegation(t *testing.T) {
	t.Parallel()
	x := mention.NewExtractor([]mention.Target{
		{ID: "concept/surveillance", Aliases: []string{"surveillance"}},
		{ID: "concept/scs", Aliases: []string{"social credit system"}},
	})
	for _, tc := range []struct {
		name, text string
		negated    []bool // per match, in order
	}{
		{"not as a", "China's social credit system — not as a dystopian surveillance apparatus, but as a fragile project", []bool{false, true}},
		{"not a", "It is not a surveillance tool.", []bool{true}},
		{"rather than the", "rather than the old surveillance state", []bool{true}},
		{"verb between: not denied", "people do not wholly embrace the expanding surveillance", []bool{false}},
		{"no article", "not surveillance", []bool{false}},
		{"too far from the cue", "not a very large and quite new surveillance system", []bool{false}},
		{"clause break", "not a project, but surveillance", []bool{false}},
		{"after but", "not as a tool but as a surveillance apparatus", []bool{false}},
		{"plain", "surveillance expands", []bool{false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []bool
			for _, m := range x.Find(tc.text) {
				got = append(got, m.Negated)
			}
			if !reflect.DeepEqual(got, tc.negated) {
				t.Errorf("Find(%q) negated = %v, want %v", tc.text, got, tc.negated)
			}
		})
	}
	// A target named once denied and once plainly in one sentence is a mention.
	ms := x.Mentions("Not a surveillance apparatus, yet surveillance grows.")
	if len(ms) != 1 || ms[0].Negated {
		t.Errorf("Mentions = %+v, want one mention, not negated", ms)
	}
}

func TestExtractorMentions(t *testing.T) {
	t.Parallel()
	x := testExtractor()
	text := "The PBOC and the People's Bank of China are one. The U.S. debate ignores the NDRC.\nNothing here. 中国人民银行很重要。国家发展和改革委员会也是。"
	want := []mention.Mention{
		{ID: "actor/pboc", Alias: "PBOC", Sentence: "The PBOC and the People's Bank of China are one."},
		{ID: "actor/ndrc", Alias: "NDRC", Sentence: "The U.S. debate ignores the NDRC."},
		{ID: "actor/pboc", Alias: "中国人民银行", Sentence: "中国人民银行很重要。"},
		{ID: "actor/ndrc", Alias: "国家发展和改革委员会", Sentence: "国家发展和改革委员会也是。"},
	}
	if got := x.Mentions(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Mentions:\n got %+v\nwant %+v", got, want)
	}
}

func TestSentences(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"One. Two? Three!", []string{"One.", "Two?", "Three!"}},
		{"Published in the U.S. from 2002. Next one.", []string{"Published in the U.S. from 2002.", "Next one."}},
		{"It rewards “trustworthy” behaviour. “Quoted” start.", []string{"It rewards “trustworthy” behaviour.", "“Quoted” start."}},
		{"He said “done.” Then left.", []string{"He said “done.”", "Then left."}},
		{"First paragraph\nsecond paragraph.", []string{"First paragraph", "second paragraph."}},
		{"In 2014. 2015 came.", []string{"In 2014.", "2015 came."}},
		{"version 3.5 is out", []string{"version 3.5 is out"}},
		{"  ", nil},
	} {
		if got := mention.Sentences(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

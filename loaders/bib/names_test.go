package bib

import "testing"

// People matching compares names by their parts in order, with initials
// that agree, and knows the strings that name nobody.
func TestPeopleMatchingKeys(t *testing.T) {
	t.Parallel()
	kahana := personName{Given: "Michael J.", Family: "Kahana"}
	for _, tc := range []struct {
		a, b     personName
		sameName bool // one full-name key
		abbrev   bool // one may be the other written with initials
	}{
		{kahana, personName{Literal: "Michael J. Kahana"}, true, false},
		{kahana, personName{Given: "M. J.", Family: "Kahana"}, false, true},
		{kahana, personName{Given: "M J", Family: "Kahana"}, false, true},
		{kahana, personName{Given: "MJ", Family: "Kahana"}, false, true},
		{kahana, personName{Given: "M.", Family: "Kahana"}, false, true},
		{kahana, personName{Given: "M. K.", Family: "Kahana"}, false, false},
		{kahana, personName{Given: "Mark", Family: "Kahana"}, false, false},
		{kahana, personName{Given: "J. M.", Family: "Kahana"}, false, false},
		{personName{Given: "M. J.", Family: "Kahana"}, personName{Given: "M.", Family: "Kahana"}, false, true},
		{personName{Given: "Li", Family: "Wang"}, personName{Given: "Wang", Family: "Li"}, false, false},
		{personName{Given: "Jean-Paul", Family: "Sartre"}, personName{Given: "J.-P.", Family: "Sartre"}, false, true},
		{personName{Given: "Martin Luther", Family: "King", Suffix: "Jr."}, personName{Given: "Martin Luther", Family: "King"}, false, false},
		{personName{Given: "Jürgen", Family: "Müller"}, personName{Literal: "Jurgen Muller"}, true, false},
	} {
		ka, kb := tc.a.matchKey(), tc.b.matchKey()
		if got := ka.name == kb.name; got != tc.sameName {
			t.Errorf("%+v, %+v: same name %v, want %v", tc.a, tc.b, got, tc.sameName)
		}
		if got := ka.abbreviates(kb); got != tc.abbrev || kb.abbreviates(ka) != got {
			t.Errorf("%+v, %+v: abbreviates %v, want %v (both ways)", tc.a, tc.b, got, tc.abbrev)
		}
	}
}

func TestNamePlaceholdersAndSuffix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        personName
		placeholder string
		trimmed     string // the name without "et al.", "" when it has none
		display     string
	}{
		{personName{Family: "Anonymous"}, "anonymous", "", "Anonymous"},
		{personName{Literal: "Anon."}, "anonymous", "", "Anon."},
		{personName{Literal: "N.N."}, "anonymous", "", "N.N."},
		{personName{Family: "others"}, "et al.", "", "others"},
		{personName{Literal: "et al."}, "et al.", "", "et al."},
		{personName{Given: "J. Smith", Family: "et al."}, "", "J. Smith", "J. Smith et al."},
		{personName{Given: "J. Smith et", Family: "al."}, "", "J. Smith", "J. Smith et al."},
		{personName{Given: "Martin Luther", Family: "King", Suffix: "Jr."}, "", "", "Martin Luther King Jr."},
		{personName{Given: "Anna", Family: "van der Berg"}, "", "", "Anna van der Berg"},
	} {
		if got := tc.name.placeholder(); got != tc.placeholder {
			t.Errorf("%+v: placeholder %q, want %q", tc.name, got, tc.placeholder)
		}
		n, ok := trimEtAl(tc.name)
		if got := ""; ok {
			got = n.display()
			if got != tc.trimmed {
				t.Errorf("%+v: trimmed %q, want %q", tc.name, got, tc.trimmed)
			}
		} else if tc.trimmed != "" {
			t.Errorf("%+v: no et al. found", tc.name)
		}
		if got := tc.name.display(); got != tc.display {
			t.Errorf("%+v: display %q, want %q", tc.name, got, tc.display)
		}
	}
}

func TestNormDOI(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"10.1080/10670564.2022.2128638":                     "10.1080/10670564.2022.2128638",
		"https://www.doi.org/10.1080/10670564.2022.2128638": "10.1080/10670564.2022.2128638",
		"doi.org/10.1080/10670564.2022.2128638":             "10.1080/10670564.2022.2128638",
		"http://dx.doi.org/10.1080/10670564.2022.2128638":   "10.1080/10670564.2022.2128638",
		"DOI:10.1080/10670564.2022.2128638":                 "10.1080/10670564.2022.2128638",
		"10.1080%2F10670564.2022.2128638":                   "10.1080/10670564.2022.2128638",
		"https://doi.org/10.1002/(SICI)1097-4571":           "10.1002/(sici)1097-4571",
		"not a doi":                  "",
		"10.1080":                    "",
		"https://example.org/10.1/x": "",
	} {
		if got := normDOI(in); got != want {
			t.Errorf("normDOI(%q) = %q, want %q", in, got, want)
		}
	}
}

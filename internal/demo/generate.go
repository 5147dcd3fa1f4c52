package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Size is the shape of a synthetic record.
type Size struct {
	// Units in a tree of three levels: a city, √(Units−1) districts under
	// it, and the rest bureaus spread over the districts.
	Units int `json:"units"`
	// Inspections of the bureaus, in turn (of the districts when there are
	// no bureaus, of the city when there is nothing else).
	Inspections int `json:"inspections"`
	// Problems spread over the inspections, some larger than others.
	Problems int `json:"problems"`
	// Seed chooses the record; 0 means DefaultSeed.
	Seed uint64 `json:"seed"`
	// Today is the day the record is dated around; zero means today by
	// the clock.
	Today rectify.Date `json:"today"`
	// Progress, when set, is told how many problems are stored so far,
	// now and then while the record is written.
	Progress func(problems int) `json:"-"`
}

// BenchSize returns the size of the record the benchmarks run on: 50,000
// problems in 2,000 inspections of 100 units.
func BenchSize() Size { return Size{Units: 100, Inspections: 2000, Problems: 50000} }

// SizeFor returns the shape of a record of the given number of problems:
// units units (0: one per 500 problems, at least 3), and an inspection per
// 25 problems, as in BenchSize.
func SizeFor(problems, units int) Size {
	if units <= 0 {
		units = max(3, problems/500)
	}
	return Size{Units: units, Inspections: max(1, (problems+24)/25), Problems: problems}
}

// Generated says what Generate stored.
type Generated struct {
	Size Size `json:"size"` // with Seed and Today resolved
	// Root is the city; District the first district and Bureau its first
	// bureau, with their paths for scoped queries.
	Root         int64  `json:"root"`
	District     int64  `json:"district"`
	DistrictPath string `json:"district_path"`
	Bureau       int64  `json:"bureau"`
	BureauPath   string `json:"bureau_path"`
	Units        int    `json:"units"`
	Inspections  int    `json:"inspections"`
	Problems     int    `json:"problems"`
	// Measures and Progress count the measures and progress reports.
	Measures int `json:"measures"`
	Progress int `json:"progress"`

	// Planted are the copies planted for the similarity checks, about one
	// cluster of each kind per 2,000 problems; texts outside them are
	// written not to be near-copies of one another (see vary.go).
	Planted []PlantedCluster `json:"planted"`
	// PlantedQuantities are the figures the progress reports state, added
	// up per inspected unit, in the order of the units' IDs.
	PlantedQuantities []UnitQuantities `json:"planted_quantities"`
	// Sources counts the inspections by kind of rectification (xuncha,
	// audit, environment, supervision): about one in five is not a 巡察.
	Sources map[rectify.Source]int `json:"sources"`
}

// Districts and bureaus of the synthetic city.
var (
	genDistricts = []string{"江北区", "江南区", "城东区", "城西区", "高新区", "青山县", "白沙县", "石门县", "双溪县", "清水县",
		"龙湾县", "云台县"}
	genBureaus = []struct{ name, sector string }{
		{"水利局", "water"}, {"教育局", "education"}, {"卫生健康局", "health"}, {"交通运输局", "transport"},
		{"自然资源局", "land"}, {"住房和城乡建设局", "construction"}, {"农业农村局", "agriculture"}, {"生态环境分局", "eco"},
		{"市场监督管理局", "market"}, {"文化旅游广电局", "culture"}, {"应急管理局", "emergency"},
	}
	genKinds = []rectify.InspectionKind{rectify.KindRegular, rectify.KindRegular, rectify.KindRegular, rectify.KindRegular,
		rectify.KindRegular, rectify.KindRegular, rectify.KindSpecial, rectify.KindSpecial, rectify.KindExtended, rectify.KindAdHoc,
		rectify.KindCross, rectify.KindPromoted, rectify.KindFollowUp}
	// genTeams are the inspecting bodies of the kinds other than 巡察.
	genTeams = map[rectify.Source][]string{
		rectify.SourceAudit:       {"市审计局审计组", "市审计局第二审计组"},
		rectify.SourceEnvironment: {"省第一生态环境保护督察组", "省第三生态环境保护督察组"},
		rectify.SourceSupervision: {"市政府第一督查组", "市政府第二督查组"},
	}
)

// genSource is the kind of rectification of the i-th generated
// inspection: one in eight an audit, one in sixteen an environmental
// inspection, one in thirty-two a supervision, the rest 巡察. It is told
// by the inspection's place, not drawn, so that the rest of the record is
// drawn as it was before the kinds.
func genSource(i int) rectify.Source {
	switch {
	case i%8 == 7:
		return rectify.SourceAudit
	case i%16 == 11:
		return rectify.SourceEnvironment
	case i%32 == 21:
		return rectify.SourceSupervision
	}
	return rectify.SourceXuncha
}

// Generate stores a synthetic record of the given size into st: units in
// a tree of three levels, inspections with findings, problems written from
// the demo's templates (so that searching for a word finds as many
// problems as it would in a real record), two to four measures each,
// histories of one to four entries (none for a problem not started) and
// deadlines spread around today. It writes one transaction per
// inspection. It refuses with ErrNotEmpty when st holds inspections and
// with EINVALID for a negative size or inspections without units.
func Generate(ctx context.Context, st *store.Store, size Size) (*Generated, error) {
	var v rectify.Invalid
	if size.Units < 0 || size.Inspections < 0 || size.Problems < 0 {
		v.Add("size", "规模不能为负数")
	}
	if size.Inspections > 0 && size.Units == 0 {
		v.Add("units", "有巡察就至少要有一个单位")
	}
	if size.Problems > 0 && size.Inspections == 0 {
		v.Add("inspections", "有问题就至少要有一次巡察")
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	size = size.Resolved()
	ctx = withActor(ctx, "合成数据")
	g := &generator{size: size, r: rand.New(rand.NewPCG(size.Seed, 0x67656e)), staff: map[int]*staff{}}
	g.b = &builder{r: g.r, today: size.Today, vary: &varier{r: g.r}}
	g.plant = &planter{r: g.r, w: g.b.vary, units: map[int][]pastResult{}, restated: map[*template]bool{}}
	g.f = &filler{r: g.r, today: size.Today, b: g.b, photoSeed: g.r.Uint64(), fileEvery: 40}
	err := st.BulkLoad(ctx, func(b *store.Bulk) error {
		g.bulk = b
		if err := g.units(ctx); err != nil {
			return err
		}
		return g.inspections(ctx)
	})
	if errors.Is(err, store.ErrBulkNotEmpty) {
		return nil, fmt.Errorf("demo: generate: %w", ErrNotEmpty)
	}
	if err != nil {
		return nil, fmt.Errorf("demo: generate: %w", err)
	}
	g.out.Planted = g.plant.clusters()
	g.out.PlantedQuantities = []UnitQuantities{}
	for _, q := range g.quantities {
		g.out.PlantedQuantities = append(g.out.PlantedQuantities, *q)
	}
	slices.SortFunc(g.out.PlantedQuantities, func(a, b UnitQuantities) int { return cmp.Compare(a.UnitID, b.UnitID) })
	return g.out, nil
}

// Resolved returns s with its seed and day set: the default seed, and
// today when it has no day.
func (s Size) Resolved() Size {
	if s.Seed == 0 {
		s.Seed = DefaultSeed
	}
	if s.Today.IsZero() {
		s.Today = rectify.DateOf(time.Now())
	}
	return s
}

type generator struct {
	bulk  *store.Bulk
	f     *filler // writes progress reports
	size  Size
	r     *rand.Rand
	b     *builder
	out   *Generated
	specs []*unitSpec // the units inspections go to
	ids   []int64     // their IDs
	staff map[int]*staff
	plant *planter
	// quantities of each unit of specs
	quantities []*UnitQuantities
}

// units creates the tree: the city, its districts, their bureaus.
func (g *generator) units(ctx context.Context) error {
	n := g.size.Units
	g.out = &Generated{Size: g.size, Sources: map[rectify.Source]int{}}
	if n == 0 {
		return nil
	}
	create := func(u *rectify.Unit) error {
		u.Contact = rectify.Contact{Phone: fmt.Sprintf("0000-56%05d", g.out.Units), Address: "临江市人民路" + fmt.Sprint(g.out.Units+1) + "号",
			Email: fmt.Sprintf("u%d@linjiang.example", g.out.Units+1)}
		if err := g.bulk.Unit(ctx, u); err != nil {
			return fmt.Errorf("unit %s: %w", u.Name, err)
		}
		g.out.Units++
		return nil
	}
	root := &rectify.Unit{Name: "临江市"}
	if err := create(root); err != nil {
		return err
	}
	g.out.Root = root.ID
	nd := min(n-1, max(1, int(math.Round(math.Sqrt(float64(n-1))))))
	var districts []*rectify.Unit
	for i := range nd {
		name := fmt.Sprintf("第%d区", i+1)
		if i < len(genDistricts) {
			name = genDistricts[i]
		}
		d := &rectify.Unit{Name: "临江市" + name, ParentID: root.ID}
		if err := create(d); err != nil {
			return err
		}
		districts = append(districts, d)
		if i == 0 {
			g.out.District, g.out.DistrictPath = d.ID, d.Path
		}
	}
	for i := range n - 1 - nd {
		di := i % nd
		k := i / nd
		kind := genBureaus[k%len(genBureaus)]
		district := districts[di].Name[len("临江市"):]
		name := district + kind.name
		if k >= len(genBureaus) {
			name += fmt.Sprintf("第%d分局", k/len(genBureaus)+1)
		}
		u := &rectify.Unit{Name: name, ParentID: districts[di].ID}
		if err := create(u); err != nil {
			return err
		}
		if i == 0 {
			g.out.Bureau, g.out.BureauPath = u.ID, u.Path
		}
		g.specs = append(g.specs, &unitSpec{name: name, short: name, org: "中共" + name + "党组", orgShort: "局党组",
			chief: "党组书记、局长", deputy: "副局长", sector: kind.sector})
		g.ids = append(g.ids, u.ID)
	}
	if len(g.specs) == 0 {
		// Without bureaus the districts, or the city, are inspected.
		targets := districts
		if len(targets) == 0 {
			targets = []*rectify.Unit{root}
		}
		for i, u := range targets {
			g.specs = append(g.specs, &unitSpec{name: u.Name, short: u.Name, org: "中共" + u.Name + "委员会", orgShort: "区委",
				chief: "书记", deputy: "副区长", sector: genBureaus[i%len(genBureaus)].sector})
			g.ids = append(g.ids, u.ID)
		}
	}
	// The people of each inspected unit, in its people list (人员名单).
	for ui, u := range g.specs {
		g.quantities = append(g.quantities, &UnitQuantities{UnitID: g.ids[ui], Unit: u.name})
		sec := sectors[u.sector]
		st := newStaff(g.r, u, &sec, personName(g.r)+"（巡察办）")
		g.staff[ui] = st
		seen := map[string]bool{}
		add := func(who, post string) error {
			name, p, ok := strings.Cut(who, "（")
			if ok {
				post = strings.TrimSuffix(p, "）")
			}
			if seen[name] {
				return nil
			}
			seen[name] = true
			return g.bulk.Person(ctx, &rectify.Person{UnitID: g.ids[ui], Name: name, Post: post})
		}
		if err := add(st.chief, ""); err != nil {
			return err
		}
		for _, d := range st.deputies {
			if err := add(d, ""); err != nil {
				return err
			}
		}
		for i, h := range st.heads {
			if err := add(h, sec.depts[i]+"负责人"); err != nil {
				return err
			}
		}
		for _, c := range st.clerks {
			if err := add(c, "整改联络员"); err != nil {
				return err
			}
		}
	}
	return nil
}

// problemCounts spreads n problems over k inspections: about n/k each,
// some larger and some smaller, exactly n in all.
func problemCounts(r *rand.Rand, n, k int) []int {
	out := make([]int, k)
	if k == 0 {
		return out
	}
	for i := range out {
		out[i] = n / k
		if i < n%k {
			out[i]++
		}
	}
	for i := 0; i+1 < k; i += 2 {
		d := r.IntN(out[i+1]/2 + 1)
		out[i] += d
		out[i+1] -= d
	}
	r.Shuffle(k, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// inspections stores the inspections one by one.
func (g *generator) inspections(ctx context.Context) error {
	r, T := g.r, g.size.Today
	counts := problemCounts(r, g.size.Problems, g.size.Inspections)
	for i, count := range counts {
		ui := i % len(g.specs)
		u := g.specs[ui]
		sec := sectors[u.sector]
		st := g.staff[ui]
		age := 20 + r.IntN(1000)
		feedback := T.AddDays(-age)
		end := feedback.AddDays(-18 - r.IntN(13))
		in := &rectify.Inspection{
			UnitID:   g.ids[ui],
			UnitName: u.org,
			Team:     pick(r, teams),
			Kind:     pick(r, genKinds),
			Round:    1 + (1020-age)/255,
			Start:    end.AddDays(-40 - r.IntN(21)),
			End:      end,
			Feedback: feedback,
			Deployer: "市委",
			Issuer:   u.org,
		}
		if age > 120 && r.IntN(2) == 0 {
			in.Title = "关于" + in.Team + kindWords(in.Kind) + "反馈意见整改进展情况的通报"
			in.NoticeDate = feedback.AddDays(75 + r.IntN(21))
			in.Published = true
		}
		source := genSource(i)
		keys := topicKeys
		if source != rectify.SourceXuncha {
			in.Team = genTeams[source][i/8%len(genTeams[source])]
			asKind(in, source, u.name)
			if k, ok := sourceTopics[source]; ok {
				keys = k
			}
		}
		g.out.Sources[source]++
		progress := map[*rectify.Problem][]*store.BulkProgress{}
		var ps []*plantedProblem
		for number := 1; number <= count; {
			key := pick(r, keys)
			pool := sec.duty
			title := pick(r, dutyFindings)
			if key == "duty" {
				if r.IntN(2) == 0 {
					pool = commonDuty
				}
			} else {
				t := topicByKey(key)
				pool, title = t.tmpls, pick(r, t.findings)
			}
			var usables []*template
			for k := range pool {
				if usable(&pool[k], &sec) {
					usables = append(usables, &pool[k])
				}
			}
			if len(usables) == 0 {
				continue // a topic this unit has nothing to say about
			}
			f := &rectify.Finding{Number: len(in.Findings) + 1, Title: title}
			for range min(1+r.IntN(5), count-number+1) {
				x := g.b.problem(u, &sec, st, key, pick(r, usables), number, feedback, plan{fate: randomFate(r, age)})
				f.Problems = append(f.Problems, x.p)
				reps := g.f.reworded(x, st)
				for k, rep := range reps {
					if k == len(reps)-1 && r.IntN(5) == 0 {
						rep.text = withQuantities(r, rep.text)
					}
					progress[x.p] = append(progress[x.p], &store.BulkProgress{Date: rep.date, Text: rep.text,
						Author: pick(r, st.clerks), Measure: rep.measure, Files: rep.files})
				}
				ps = append(ps, &plantedProblem{p: x.p, tmpl: x.tmpl, reports: progress[x.p]})
				number++
			}
			in.Findings = append(in.Findings, f)
		}
		g.plant.plant(ui, in, ps)
		q := g.quantities[ui]
		for _, x := range ps {
			g.out.Measures += len(x.p.Measures)
			g.out.Progress += len(x.reports)
			for _, rep := range x.reports {
				q.count(rep.Text)
			}
		}
		if err := g.bulk.Inspection(ctx, in, progress); err != nil {
			return fmt.Errorf("inspection %d: %w", i+1, err)
		}
		g.plant.remember(ui, in, ps)
		g.out.Inspections++
		g.out.Problems += count
		if g.size.Progress != nil {
			g.size.Progress(g.out.Problems)
		}
	}
	return nil
}

// topicKeys are the topics of generated findings; the unit's own business
// comes up most.
var topicKeys = []string{"duty", "duty", "duty", "political", "party", "organization", "style", "finance", "projects",
	"ideology", "safety", "service", "rectify"}

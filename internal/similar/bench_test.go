package similar

import (
	"math/rand/v2"
	"testing"
)

// benchTexts returns n texts made of the corpus's texts with a clause of
// other words and figures added to each, so that few are copies.
func benchTexts(b *testing.B, n int) []string {
	texts, _ := corpus(b)
	r := rand.New(rand.NewPCG(1, 2))
	words := []rune("组织落实制度台账问题清单责任考核资金项目管理监督检查整改排查审计会议培训教育学习党员干部单位科室")
	out := make([]string, n)
	for i := range out {
		extra := make([]rune, 12)
		for j := range extra {
			extra[j] = words[r.IntN(len(words))]
		}
		out[i] = texts[r.IntN(len(texts))] + string(extra) + "，共" + string(rune('0'+r.IntN(10))) + "项。"
	}
	return out
}

// BenchmarkPrepare reports the cost of normalising and signing one text.
func BenchmarkPrepare(b *testing.B) {
	texts := benchTexts(b, 1000)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Prepare(texts[i%len(texts)])
	}
}

// BenchmarkClusters reports the cost of clustering 100,000 signatures at
// the default minimum.
func BenchmarkClusters(b *testing.B) {
	var x Index
	for _, s := range benchTexts(b, 100000) {
		if sig, ok := Prepare(s); ok {
			x.Add(sig)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		cs := x.Clusters(DefaultMin, nil)
		b.ReportMetric(float64(len(cs)), "clusters")
	}
}

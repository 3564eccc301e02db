// ext.mdf expanded by hand with TK=64, in MAESTRO's own syntax.
Network stage {
	Layer conv_0 {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 16, C: 3, R: 3, S: 3, Y: 14, X: 14 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(32,32) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(8, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
		}
	}
	Layer conv_1 {
		Type: CONV
		Stride { X: 1, Y: 1 }
		Dimensions { K: 32, C: 32, R: 3, S: 3, Y: 16, X: 16 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(32,32) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(8, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
		}
	}
	Layer conv_2 {
		Type: CONV
		Stride { X: 2, Y: 2 }
		Dimensions { K: 48, C: 32, R: 3, S: 3, Y: 18, X: 18 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(32,32) C;
			TemporalMap(Sz(R),Sz(R)) R;
			TemporalMap(Sz(S),Sz(S)) S;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
			Cluster(8, P);
			SpatialMap(1,1) C;
			TemporalMap(Sz(R),1) Y;
			TemporalMap(Sz(S),1) X;
		}
	}
	Layer fc {
		Type: CONV
		Dimensions { K: 16, C: 32, R: 1, S: 1, Y: 1, X: 1 }
		Dataflow {
			SpatialMap(1,1) K;
			TemporalMap(16,16) C;
			Cluster(8, P);
			SpatialMap(1,1) C;
		}
	}
}
